import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { breakersRoutes } from "./breakers.js";
import { lifecycleRoutes } from "./lifecycle.js";
import { APPROVAL_WORKFLOW, type TestApi, type TestUser, testApi } from "./testing.js";
import { whitelistRoutes } from "./whitelist.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

const HOUR = 3_600_000;

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [lifecycleRoutes(ctx), breakersRoutes(ctx), whitelistRoutes(ctx)]);
  await api.ctx.lifecycle.whitelistBuiltins("acme", "it");
});
afterEach(async () => {
  await api.close();
});

/** The approval workflow with its approver changed: a new version of a live workflow. */
const CHANGED = APPROVAL_WORKFLOW.replace("boss@acme.example", "chief@acme.example");

const publish = (files: Record<string, string>, as: TestUser = "east", extra: object = {}) =>
  api.call("POST", "/api/definitions/publish", {
    as,
    body: { files: Object.entries(files).map(([path, text]) => ({ path, text })), ...extra },
  });

const APPLICANT = `kind: entity
id: applicant
label: Applicant
schema:
  type: object
  properties:
    name: { type: string }
    gender: { type: string, enum: [female, male], x-sensitive: gender }
`;

const SCORING = `kind: workflow
id: score-applicant
name: Score applicant
owner: ops@acme.example
region: east
entity: applicant
triggers:
  - type: event
    event: applicant.received
start: score
steps:
  - id: score
    component: core.score
    config:
      base: 0
      rules:
        - { id: r1, when: "record.gender == 'female'", weight: 10 }
`;

const COMPONENT = `kind: component
id: acme.double
version: 1.0.0
name: Double
owner: it@acme.example
category: decisions
config: { type: object }
input:
  type: object
  properties:
    n: { type: number }
output:
  type: object
  properties:
    n: { type: number }
effects: [none]
implementation:
  type: script
  language: javascript
  limits: { memoryMiB: 16, timeoutMs: 200 }
  source: |
    export function run(input) {
      return { n: input.n * 2 };
    }
`;

const USES_COMPONENT = `kind: workflow
id: doubler
name: Doubler
owner: ops@acme.example
region: east
entity: lead
triggers:
  - type: event
    event: lead.received
start: twice
steps:
  - id: twice
    component: acme.double
    inputs: { n: "record.amount" }
`;

describe("POST /api/definitions/publish", () => {
  it("publishes a changed workflow into shadow (201)", async () => {
    const res = await publish({ "approve-lead.workflow.yaml": CHANGED });
    expect(res.status).toBe(201);
    expect(res.body.published).toEqual([
      { kind: "workflow", id: "approve-lead", version: 2, status: "shadow" },
    ]);
  });

  it("refuses a component IT has not approved, located by file, line and column (422)", async () => {
    const res = await publish({
      "double.component.yaml": COMPONENT,
      "doubler.workflow.yaml": USES_COMPONENT,
    });
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe("publish/not-whitelisted");
    expect(res.body.error?.problems).toContainEqual(
      expect.objectContaining({
        code: "publish/component-not-whitelisted",
        file: "doubler.workflow.yaml",
        line: 13,
        column: 16,
      }),
    );
  });

  it("refuses a sensitive attribute in a decision unless it is justified", async () => {
    const files = { "applicant.entity.yaml": APPLICANT, "score.workflow.yaml": SCORING };
    const blocked = await publish(files);
    expect(blocked.status).toBe(422);
    expect(blocked.body.error?.code).toBe("publish/compliance-blocked");
    expect(blocked.body.error?.problems).toContainEqual(
      expect.objectContaining({
        code: "compliance/sensitive-decision",
        file: "score.workflow.yaml",
        line: 17,
        column: 28,
      }),
    );
    const justified = await publish(files, "east", {
      justifications: [
        { workflow: "score-applicant", field: "applicant.gender", reason: "Approved by legal" },
      ],
    });
    expect(justified.status).toBe(201);
  });

  it("refuses invalid definitions with their diagnostics", async () => {
    const res = await publish({
      "approve-lead.workflow.yaml": CHANGED.replace("start: ask", "start: nowhere"),
    });
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe("publish/invalid");
    expect(res.body.error?.diagnostics?.[0]).toMatchObject({
      file: "approve-lead.workflow.yaml",
      severity: "error",
    });
  });

  it("lets a process owner publish only workflows of a region they may edit (403)", async () => {
    const res = await publish({ "approve-lead.workflow.yaml": CHANGED }, "west");
    expect(res.status).toBe(403);
    expect((await publish({ "approve-lead.workflow.yaml": CHANGED }, "viewer")).status).toBe(403);
  });
});

describe("shadow, sign-off and promotion", () => {
  beforeEach(async () => {
    expect((await publish({ "approve-lead.workflow.yaml": CHANGED })).status).toBe(201);
  });

  it("reports the shadow version with its gates, as JSON and as text", async () => {
    const json = await api.call("GET", "/api/workflows/approve-lead/shadow", { as: "viewer" });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      workflowId: "approve-lead",
      version: 2,
      status: "shadow",
      promotable: false,
    });
    expect(json.body.gates).toContainEqual(expect.objectContaining({ id: "min-duration", passed: false }));
    const text = await api.call("GET", "/api/workflows/approve-lead/shadow?format=text", { as: "viewer" });
    expect(text.headers.get("Content-Type")).toContain("text/plain");
    expect(text.text).toContain("Gates of approve-lead@2 (shadow):");
    expect(text.text).toMatch(/✗ approval: /);
    expect((await api.call("GET", "/api/workflows/nothing/shadow", { as: "viewer" })).status).toBe(404);
  });

  it("refuses the author's own sign-off (409) and takes another approver's", async () => {
    // admin holds every permission in these tests, so it can publish and then try to approve.
    await publish({ "approve-lead.workflow.yaml": CHANGED.replace("chief@", "cto@") }, "admin");
    const self = await api.call("POST", "/api/workflows/approve-lead/versions/3/approval", {
      as: "admin",
      body: { decision: "approved" },
    });
    expect(self.status).toBe(409);
    expect(self.body.error?.code).toBe("lifecycle/self-approval");
    const other = await api.call("POST", "/api/workflows/approve-lead/versions/3/approval", {
      as: "approver",
      body: { decision: "approved", comment: "looks right" },
    });
    expect(other.status).toBe(200);
    const missing = await api.call("POST", "/api/workflows/approve-lead/versions/9/approval", {
      as: "approver",
      body: { decision: "approved" },
    });
    expect(missing.status).toBe(404);
  });

  it("refuses promotion while gates fail, then promotes after 72 hours in shadow; rollback restores v1", async () => {
    await api.call("POST", "/api/workflows/approve-lead/versions/2/approval", {
      as: "approver",
      body: { decision: "approved" },
    });
    const early = await api.call("POST", "/api/workflows/approve-lead/promote", { as: "east", body: {} });
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe("lifecycle/gates-failed");
    expect(early.body.error?.gates).toContainEqual(
      expect.objectContaining({ id: "min-duration", passed: false }),
    );

    api.advance(73 * HOUR);
    const promoted = await api.call("POST", "/api/workflows/approve-lead/promote", { as: "east", body: {} });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ version: 2, previous: 1, forced: false, status: "live" });
    expect(api.engine.registry.liveWorkflow("acme", "approve-lead")?.version).toBe(2);

    const back = await api.call("POST", "/api/workflows/approve-lead/rollback", {
      as: "east",
      body: { reason: "wrong approver" },
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ from: 2, to: 1 });
    expect(api.engine.registry.liveWorkflow("acme", "approve-lead")?.version).toBe(1);
    const again = await api.call("POST", "/api/workflows/approve-lead/rollback", {
      as: "east",
      body: { toVersion: 1 },
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("lifecycle/same-version");
  });

  it("forces a promotion with a reason, and only for those who may promote", async () => {
    const viewer = await api.call("POST", "/api/workflows/approve-lead/promote", { as: "viewer", body: {} });
    expect(viewer.status).toBe(403);
    // A peer region's workflow is indistinguishable from a missing one.
    const west = await api.call("POST", "/api/workflows/approve-lead/promote", { as: "west", body: {} });
    expect(west.status).toBe(404);
    const forced = await api.call("POST", "/api/workflows/approve-lead/promote", {
      as: "east",
      body: { force: { reason: "hotfix" } },
    });
    expect(forced.status).toBe(200);
    expect(forced.body.forced).toBe(true);
  });

  it("stops the shadow run, after which there is none (404) and the version can be shadowed again", async () => {
    const stopped = await api.call("POST", "/api/workflows/approve-lead/shadow/stop", {
      as: "east",
      body: { reason: "not needed" },
    });
    expect(stopped.body).toEqual({ workflowId: "approve-lead", version: 2, status: "retired" });
    const none = await api.call("GET", "/api/workflows/approve-lead/shadow", { as: "viewer" });
    expect(none.status).toBe(404);
    expect(none.body.error?.code).toBe("lifecycle/no-shadow");
    const live = await api.call("POST", "/api/workflows/approve-lead/shadow/start", {
      as: "east",
      body: { version: 1 },
    });
    expect(live.status).toBe(409);
    expect(live.body.error?.code).toBe("lifecycle/already-live");
    const restarted = await api.call("POST", "/api/workflows/approve-lead/shadow/start", {
      as: "east",
      body: { version: 2 },
    });
    expect(restarted.status).toBe(200);
  });
});

describe("breakers", () => {
  it("lists an open breaker, resets it, and refuses to reset a closed one (409)", async () => {
    await api.engine.breakers.open("acme", "workflow:approve-lead@1", "too many errors");
    const list = await api.call("GET", "/api/breakers", { as: "viewer" });
    expect(list.body.breakers).toEqual([
      expect.objectContaining({
        key: "workflow:approve-lead@1",
        state: "open",
        held: 0,
        reason: "too many errors",
      }),
    ]);
    const path = `/api/breakers/${encodeURIComponent("workflow:approve-lead@1")}/reset`;
    expect((await api.call("POST", path, { as: "west", body: {} })).status).toBe(404);
    expect((await api.call("POST", path, { as: "viewer", body: {} })).status).toBe(403);
    const reset = await api.call("POST", path, { as: "east", body: { mode: "close" } });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ key: "workflow:approve-lead@1", state: "closed" });
    const again = await api.call("POST", path, { as: "east", body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("breaker/not-open");
  });
});

describe("the component whitelist", () => {
  it("adds a custom component from its source and removes it, each with an audit entry", async () => {
    const add = await api.call("POST", "/api/components/whitelist", {
      as: "admin",
      body: {
        componentId: "acme.double",
        version: "1.0.0",
        owner: "it",
        callsPerMinute: 60,
        source: COMPONENT,
      },
    });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({
      componentId: "acme.double",
      version: "1.0.0",
      callsPerMinute: 60,
      addedBy: "admin",
    });
    const list = await api.call("GET", "/api/components/whitelist", { as: "viewer" });
    expect(list.body.whitelist).toContainEqual(expect.objectContaining({ componentId: "acme.double" }));
    expect(
      (await publish({ "double.component.yaml": COMPONENT, "doubler.workflow.yaml": USES_COMPONENT })).status,
    ).toBe(201);

    const removed = await api.call("DELETE", "/api/components/whitelist/acme.double/1.0.0", { as: "admin" });
    expect(removed.status).toBe(204);
    const gone = await api.call("DELETE", "/api/components/whitelist/acme.double/1.0.0", { as: "admin" });
    expect(gone.status).toBe(404);
    const audit = await api.ctx.store.audit.list("acme", { afterSeq: 0, limit: 1000 });
    const actions = audit
      .filter((e) => e.object === "component/acme.double")
      .map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(["admin whitelist-add", "admin whitelist-remove"]));
  });

  it("refuses an unknown component (422) and a process owner (403)", async () => {
    const unknown = await api.call("POST", "/api/components/whitelist", {
      as: "admin",
      body: { componentId: "acme.nothing", version: "1.0.0", owner: "it" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error?.code).toBe("whitelist/unknown-component");
    const owner = await api.call("POST", "/api/components/whitelist", {
      as: "east",
      body: { componentId: "core.set", version: "1.0.0", owner: "it" },
    });
    expect(owner.status).toBe(403);
  });
});
