import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { historyRoutes, summarizeChange } from "./history.js";
import { lifecycleRoutes } from "./lifecycle.js";
import { APPROVAL_WORKFLOW, LEAD_ENTITY, type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [lifecycleRoutes(ctx), historyRoutes(ctx)]);
  await api.ctx.lifecycle.whitelistBuiltins("acme", "it");
});
afterEach(async () => {
  await api.close();
});

const publish = (files: Record<string, string>) =>
  api.call("POST", "/api/definitions/publish", {
    as: "east",
    body: { files: Object.entries(files).map(([path, text]) => ({ path, text })) },
  });

/** Version 2 of the approval workflow: another approver, and the `yes` step writes the lead's amount. */
const CHANGED = APPROVAL_WORKFLOW.replace("boss@acme.example", "chief@acme.example").replace(
  `  - id: yes
    component: core.set
    config: { fields: { r: "'approved'" } }`,
  `  - id: yes
    component: core.update-record
    config: { entity: lead, id: record.id, values: { amount: "record.amount + 1.0" } }`,
);

describe("GET /api/definitions/{kind}/{id}/diff", () => {
  beforeEach(async () => {
    const published = await publish({ "approve-lead.workflow.yaml": CHANGED });
    expect(published.status, published.text).toBe(201);
  });

  it("summarizes a workflow's changes by meaning, one line each, with the structured diff", async () => {
    const res = await api.call("GET", "/api/definitions/workflow/approve-lead/diff?from=1&to=2", {
      as: "viewer",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "workflow", id: "approve-lead", from: 1, to: 2 });
    expect(res.body.summary).toContain(
      "step 'ask': config.approvers '['boss@acme.example']' → '['chief@acme.example']'",
    );
    expect(res.body.summary).toContain("step 'yes': component 'core.set' → 'core.update-record'");
    expect(res.body.diff?.steps?.changed).toEqual([
      expect.objectContaining({ id: "ask" }),
      expect.objectContaining({ id: "yes" }),
    ]);
    expect(res.body.diff?.empty).toBe(false);
  });

  it("diffs other kinds field by field", async () => {
    const entity = LEAD_ENTITY.replace("phone: { type: string }", "phone: { type: string, maxLength: 30 }");
    expect((await publish({ "lead.entity.yaml": entity })).status).toBe(201);
    const res = await api.call("GET", "/api/definitions/entity/lead/diff?from=1&to=2", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual(["schema.properties.phone.maxLength added: 30"]);
    expect(res.body.diff?.changes).toEqual([
      expect.objectContaining({ kind: "added", path: ["schema", "properties", "phone", "maxLength"] }),
    ]);
  });

  it("answers 404 unknown-version for a version the definition does not have", async () => {
    const res = await api.call("GET", "/api/definitions/workflow/approve-lead/diff?from=1&to=9", {
      as: "viewer",
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "unknown-version" });
    expect(res.body.error?.message).toContain("no version 9");
    expect(res.body.error?.hint).toContain("/api/definitions/workflow/approve-lead/versions");
    const none = await api.call("GET", "/api/definitions/workflow/nothing/diff?from=1&to=2", {
      as: "viewer",
    });
    expect(none.status).toBe(404);
    expect(none.body.error?.code).toBe("not-found");
  });

  it("answers 400 when from or to is missing or not a positive whole number", async () => {
    for (const query of [
      "?from=1",
      "?to=2",
      "?from=0&to=2",
      "?from=x&to=2",
      "?from=1.5&to=2",
      "?from=-1&to=2",
    ]) {
      const res = await api.call("GET", `/api/definitions/workflow/approve-lead/diff${query}`, {
        as: "viewer",
      });
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code, query).toBe("invalid-request");
    }
  });

  it("hides a peer region's workflow like a missing one (404)", async () => {
    const res = await api.call("GET", "/api/definitions/workflow/approve-lead/diff?from=1&to=2", {
      as: "west",
    });
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe("not-found");
  });
});

describe("GET /api/workflows/{id}/versions/{version}/lineage", () => {
  beforeEach(async () => {
    const published = await publish({ "approve-lead.workflow.yaml": CHANGED });
    expect(published.status, published.text).toBe(201);
  });

  it("lists the fields each step reads and writes", async () => {
    const res = await api.call("GET", "/api/workflows/approve-lead/versions/2/lineage", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      workflowId: "approve-lead",
      version: 2,
      steps: expect.arrayContaining([
        { step: "ask", reads: ["lead.name"], writes: [] },
        { step: "yes", reads: ["lead.amount", "lead.id"], writes: ["lead.amount"] },
      ]),
    });
  });

  it("with compareTo, shows what each step reads and writes now and no longer", async () => {
    const res = await api.call("GET", "/api/workflows/approve-lead/versions/2/lineage?compareTo=1", {
      as: "viewer",
    });
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual({
      from: 1,
      reads: [{ step: "yes", added: ["lead.amount", "lead.id"], removed: [] }],
      writes: [{ step: "yes", added: ["lead.amount"], removed: [] }],
    });
  });

  it("answers 404 lifecycle/unknown-version for an unknown version or compareTo", async () => {
    for (const path of ["versions/9/lineage", "versions/2/lineage?compareTo=9"]) {
      const res = await api.call("GET", `/api/workflows/approve-lead/${path}`, { as: "viewer" });
      expect(res.status, path).toBe(404);
      expect(res.body.error?.code, path).toBe("lifecycle/unknown-version");
      expect(res.body.error?.hint, path).not.toBe("");
    }
  });

  it("answers 400 for a malformed version or compareTo", async () => {
    for (const path of ["versions/0/lineage", "versions/two/lineage", "versions/2/lineage?compareTo=0"]) {
      const res = await api.call("GET", `/api/workflows/approve-lead/${path}`, { as: "viewer" });
      expect(res.status, path).toBe(400);
    }
  });

  it("hides a peer region's workflow (404) and a missing one alike", async () => {
    const west = await api.call("GET", "/api/workflows/approve-lead/versions/2/lineage", { as: "west" });
    expect(west.status).toBe(404);
    expect(west.body.error?.code).toBe("not-found");
    const none = await api.call("GET", "/api/workflows/nothing/versions/1/lineage", { as: "viewer" });
    expect(none.status).toBe(404);
  });
});

describe("summarizeChange", () => {
  it("words each kind of structural change as one line", () => {
    const at = { path: ["a", "b"], label: "a.b" } as const;
    expect(summarizeChange({ ...at, kind: "changed", before: 1, after: 2 })).toBe("a.b 1 → 2");
    expect(summarizeChange({ ...at, kind: "removed", before: "x" })).toBe("a.b removed (was 'x')");
    expect(summarizeChange({ ...at, kind: "moved", before: 0, after: 2 })).toBe(
      "a.b moved from position 1 to 3",
    );
  });
});

describe("GET /api/definitions/{kind}/{id}/versions/{version}", () => {
  it("returns a stored version's YAML and body, and 404 for a version it does not have", async () => {
    expect((await publish({ "approve-lead.workflow.yaml": CHANGED })).status).toBe(201);
    const res = await api.call("GET", "/api/definitions/workflow/approve-lead/versions/2", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "workflow", id: "approve-lead", version: 2, status: "shadow" });
    expect(res.body.source).toBe(CHANGED);
    const body = res.body.body as unknown as { steps: { id: string }[] };
    expect(body.steps.map((s) => s.id)).toContain("yes");
    const missing = await api.call("GET", "/api/definitions/workflow/approve-lead/versions/7", {
      as: "viewer",
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("unknown-version");
  });
});
