// Scenario 10, "Compliance check before publish": the governed publish refuses a decision on a
// sensitive attribute unless a named person justified it, refuses a marketing e-mail that does not
// check the customer's recorded consent (no justification helps), and refuses components IT has
// not approved; the runtime refuses to run them too, and holds approved ones to their quota.
import { readFileSync } from "node:fs";
import { type Component, validateSources } from "@switchyard/definitions";
import { type Store } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox, Engine, Lifecycle, RecordingTransport, type Sandbox } from "../src/index.js";
import { openTestStore } from "./test-store.js";

const TENANT = "acme";
const AUTHOR = "sales-ops@acme.example";
const IT = "it-admin@acme.example";

const fixture = (name: string) => ({
  path: name,
  text: readFileSync(new URL(`./fixtures/scenario-10/${name}`, import.meta.url), "utf8"),
});
const LEAD = fixture("lead.entity.yaml");

interface Env {
  readonly store: Store;
  readonly engine: Engine;
  readonly lifecycle: Lifecycle;
  readonly sandbox: Sandbox;
  readonly email: RecordingTransport;
  advance(ms: number): void;
}
let env: Env | undefined;

afterEach(async () => {
  if (env) {
    await env.engine.close();
    await env.sandbox.close();
    await env.store.close();
  }
  env = undefined;
});

/** Engine and lifecycle on an in-memory store with one hand-moved clock; built-ins approved. */
async function setup(options: { enforceWhitelist?: boolean } = {}): Promise<Env> {
  const store = await openTestStore();
  let now = Date.parse("2026-11-23T09:00:10Z");
  const clock = () => now;
  const sandbox = createSandbox({ workers: 1 });
  const email = new RecordingTransport();
  const engine = new Engine({
    store,
    sandbox,
    clock,
    transports: { email, http: new RecordingTransport() },
    ...options,
  });
  const lifecycle = new Lifecycle({ engine, store, clock, drive: "drain" });
  await lifecycle.whitelistBuiltins(TENANT, IT);
  env = {
    store,
    engine,
    lifecycle,
    sandbox,
    email,
    advance: (ms) => {
      now += ms;
    },
  };
  return env;
}

/** The component definition in a fixture, as IT approves it. */
function componentOf(name: string): Component {
  const checked = validateSources([fixture(name)]).definitions.find((d) => d.kind === "component");
  if (!checked) throw new Error(`${name} defines no component`);
  return checked.definition as Component;
}

/** Proof a refused publish stored nothing: no versions and no audit entry beyond the whitelist. */
async function expectNothingStored(store: Store): Promise<void> {
  for (const kind of ["entity", "workflow", "component"])
    expect(await store.latestVersions(TENANT, kind)).toEqual([]);
  const actions = new Set((await store.audit.list(TENANT)).map((a) => a.action));
  expect(actions).toEqual(new Set(["whitelist-add"]));
}

async function rebateRuns(store: Store) {
  const runs = await store.listRuns({ tenantId: TENANT, workflowId: "rebate-calc", limit: 100 });
  return runs.sort((a, b) => a.startedAt - b.startedAt || (a.eventId ?? "").localeCompare(b.eventId ?? ""));
}

async function closeDeals(e: Env, amounts: readonly number[]): Promise<void> {
  for (const [i, amount] of amounts.entries())
    await e.engine.ingest({
      tenantId: TENANT,
      id: `deal-${i}-${amount}`,
      type: "deal.closed",
      payload: { amount },
    });
  await e.engine.drain();
}

describe("scenario 10: sensitive attributes in decisions", () => {
  it("blocks a scoring rule on gender, located at the expression, and stores nothing", async () => {
    const e = await setup();

    const result = await e.lifecycle.publish(
      TENANT,
      [LEAD, fixture("scoring-reads-gender.workflow.yaml")],
      AUTHOR,
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("compliance-blocked");
    expect(result.problems).toEqual([
      {
        code: "compliance/sensitive-decision",
        message: "A decision in step 'score' reads 'lead.gender', which is sensitive (gender).",
        hint: "Remove the field from the rule, or record a justification (who and why) for using it.",
        file: "scoring-reads-gender.workflow.yaml",
        line: 22,
        column: 17,
      },
    ]);
    expect(result.compliance).toMatchObject([
      {
        severity: "blocked",
        workflow: "scoring",
        step: "score",
        field: "lead.gender",
        reason: "gender",
        at: ["steps", 0, "config", "rules", 1, "when"],
      },
    ]);
    await expectNothingStored(e.store);
  });

  it("blocks a routing condition on region when the entity marks region sensitive", async () => {
    const e = await setup();

    const result = await e.lifecycle.publish(
      TENANT,
      [LEAD, fixture("routing-reads-region.workflow.yaml")],
      AUTHOR,
    );

    expect(result).toMatchObject({
      ok: false,
      code: "compliance-blocked",
      problems: [
        {
          code: "compliance/sensitive-decision",
          file: "routing-reads-region.workflow.yaml",
          line: 16,
          column: 28,
        },
      ],
    });
    await expectNothingStored(e.store);
  });

  it("publishes once a named person has justified the field, and the audit keeps it as justified", async () => {
    const e = await setup();
    const justification = {
      workflow: "scoring",
      step: "score",
      field: "lead.gender",
      reason: "Founders' programme funded for women-led companies.",
      by: "dpo@acme.example",
    };

    const result = await e.lifecycle.publish(
      TENANT,
      [LEAD, fixture("scoring-reads-gender.workflow.yaml")],
      AUTHOR,
      { justifications: [justification] },
    );

    expect(result).toMatchObject({
      ok: true,
      published: [
        { kind: "entity", id: "lead", version: 1, status: "live" },
        { kind: "workflow", id: "scoring", version: 1, status: "shadow" },
      ],
      compliance: [
        {
          code: "compliance/sensitive-decision",
          severity: "justified",
          field: "lead.gender",
          justification: { reason: justification.reason, by: "dpo@acme.example" },
        },
      ],
    });
    const entry = (await e.store.audit.list(TENANT)).find(
      (a) => a.action === "publish" && a.object === "workflow/scoring",
    );
    expect(entry).toMatchObject({ actor: AUTHOR, version: 1 });
    expect((entry?.detail as { compliance: unknown }).compliance).toEqual([
      {
        code: "compliance/sensitive-decision",
        severity: "justified",
        step: "score",
        field: "lead.gender",
        reason: "gender",
        justification: {
          by: "dpo@acme.example",
          reason: "Founders' programme funded for women-led companies.",
        },
      },
    ]);
    // A justification for another step does not cover this one.
    const elsewhere = await e.lifecycle.publish(
      TENANT,
      [fixture("routing-reads-region.workflow.yaml")],
      AUTHOR,
      { justifications: [{ ...justification, workflow: "routing", field: "lead.region", step: "other" }] },
    );
    expect(elsewhere).toMatchObject({ ok: false, code: "compliance-blocked" });
  });

  it("keeps who justified a sensitive field, and why, in the publish audit entry", async () => {
    const e = await setup();
    const justification = {
      workflow: "scoring",
      field: "lead.gender",
      reason: "Founders' programme.",
      by: "dpo@acme.example",
    };
    await e.lifecycle.publish(TENANT, [LEAD, fixture("scoring-reads-gender.workflow.yaml")], AUTHOR, {
      justifications: [justification],
    });
    const entry = (await e.store.audit.list(TENANT)).find((a) => a.object === "workflow/scoring");
    expect(entry?.detail).toMatchObject({
      compliance: [{ justification: { reason: "Founders' programme.", by: "dpo@acme.example" } }],
    });
  });
});

describe("scenario 10: consent for marketing actions", () => {
  it("blocks a marketing e-mail that uses the lead's address without checking consent; no justification helps", async () => {
    const e = await setup();
    const files = [LEAD, fixture("welcome-without-consent.workflow.yaml")];

    const plain = await e.lifecycle.publish(TENANT, files, AUTHOR);
    const justified = await e.lifecycle.publish(TENANT, files, AUTHOR, {
      justifications: [
        {
          workflow: "welcome",
          step: "mail",
          field: "lead.email",
          reason: "They came to our booth.",
          by: "cmo@acme.example",
        },
      ],
    });

    for (const result of [plain, justified])
      expect(result).toMatchObject({
        ok: false,
        code: "compliance-blocked",
        problems: [
          {
            code: "compliance/missing-consent",
            message:
              "Step 'mail' uses 'lead.email' for marketing without checking the recorded marketing consent.",
            file: "welcome-without-consent.workflow.yaml",
            line: 16,
            column: 11,
          },
        ],
        compliance: [{ severity: "blocked", step: "mail", field: "lead.email", reason: "marketing" }],
      });
    await expectNothingStored(e.store);
  });

  it("publishes the same e-mail once only a consent condition leads to it", async () => {
    const e = await setup();

    const result = await e.lifecycle.publish(
      TENANT,
      [LEAD, fixture("welcome-with-consent.workflow.yaml")],
      AUTHOR,
    );

    expect(result).toMatchObject({
      ok: true,
      published: [
        { kind: "entity", id: "lead", version: 1, status: "live" },
        { kind: "workflow", id: "welcome", version: 1, status: "shadow" },
      ],
      compliance: [],
    });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("scenario 10: the component whitelist", () => {
  it("refuses a custom component IT has not approved, naming the step and component", async () => {
    const e = await setup();

    const result = await e.lifecycle.publish(
      TENANT,
      [fixture("rebate.component.yaml"), fixture("rebate.workflow.yaml")],
      AUTHOR,
    );

    expect(result).toMatchObject({ ok: false, code: "not-whitelisted" });
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.file, p.line, p.column])).toEqual([
      ["publish/component-not-whitelisted", "rebate.component.yaml", 4, 10],
      ["publish/component-not-whitelisted", "rebate.workflow.yaml", 13, 16],
    ]);
    expect(result.problems[1]?.message).toBe(
      "Step 'calc' of 'rebate-calc' uses component acme.rebate@1.0.0, which IT has not approved for this tenant.",
    );
    await expectNothingStored(e.store);
  });

  it("publishes after IT approves it, and refuses a changed component under the approved version", async () => {
    const e = await setup();
    const entry = await e.lifecycle.whitelistAdd(
      TENANT,
      {
        componentId: "acme.rebate",
        version: "1.0.0",
        owner: "finance@acme.example",
        component: componentOf("rebate.component.yaml"),
      },
      IT,
    );
    expect(entry).toMatchObject({
      componentId: "acme.rebate",
      version: "1.0.0",
      addedBy: IT,
      callsPerMinute: null,
    });

    const approved = await e.lifecycle.publish(
      TENANT,
      [fixture("rebate.component.yaml"), fixture("rebate.workflow.yaml")],
      AUTHOR,
    );
    expect(approved).toMatchObject({
      ok: true,
      published: [
        { kind: "component", id: "acme.rebate", version: 1, status: "live" },
        { kind: "workflow", id: "rebate-calc", version: 1, status: "shadow" },
      ],
    });

    const changed = await e.lifecycle.publish(
      TENANT,
      [fixture("rebate-changed.component.yaml"), fixture("rebate.workflow.yaml")],
      AUTHOR,
    );
    expect(changed).toMatchObject({ ok: false, code: "not-whitelisted" });
    if (changed.ok) return;
    expect(changed.problems.map((p) => [p.code, p.file])).toEqual([
      ["publish/component-changed", "rebate-changed.component.yaml"],
      ["publish/component-changed", "rebate.workflow.yaml"],
    ]);
    expect(changed.problems[1]?.message).toBe(
      "Step 'calc' of 'rebate-calc' uses component acme.rebate@1.0.0, but its content differs from the version IT approved.",
    );
    expect((await e.store.latestVersions(TENANT, "component")).map((v) => v.version)).toEqual([1]);
  });

  it("does not run a component that is not on the whitelist when the engine enforces it", async () => {
    const e = await setup({ enforceWhitelist: true });
    // Deployed around the governed publish, as an older store or a direct deploy could hold it.
    const deployed = await e.engine.deploy(
      TENANT,
      [fixture("rebate.component.yaml"), fixture("rebate.workflow.yaml")],
      "ops",
    );
    expect(deployed.ok).toBe(true);

    await closeDeals(e, [1000]);
    const [refused] = await rebateRuns(e.store);
    expect(refused).toMatchObject({ status: "failed", error: { code: "component/not-whitelisted" } });
    const [step] = await e.store.stepExecutions(refused?.id ?? "");
    expect(step).toMatchObject({ stepId: "calc", status: "failed" });

    // Approved: the next deal runs.
    await e.lifecycle.whitelistAdd(
      TENANT,
      { componentId: "acme.rebate", version: "1.0.0", owner: "finance@acme.example" },
      IT,
    );
    await closeDeals(e, [2000]);
    const after = (await rebateRuns(e.store)).find((r) => r.eventId === "deal-0-2000");
    expect(after).toMatchObject({ status: "completed", error: null });
    expect((await e.store.stepExecutions(after?.id ?? ""))[0]?.output).toEqual({ rebate: 60 });
  });

  it("does not run a component whose content differs from the approved one", async () => {
    const e = await setup({ enforceWhitelist: true });
    await e.lifecycle.whitelistAdd(
      TENANT,
      {
        componentId: "acme.rebate",
        version: "1.0.0",
        owner: "finance@acme.example",
        component: componentOf("rebate.component.yaml"),
      },
      IT,
    );
    await e.engine.deploy(
      TENANT,
      [fixture("rebate-changed.component.yaml"), fixture("rebate.workflow.yaml")],
      "ops",
    );

    await closeDeals(e, [1000]);

    const [run] = await rebateRuns(e.store);
    expect(run).toMatchObject({ status: "failed", error: { code: "component/changed" } });
  });

  it("fails calls over the component's calls-per-minute quota", async () => {
    const e = await setup({ enforceWhitelist: true });
    await e.lifecycle.whitelistAdd(
      TENANT,
      {
        componentId: "acme.rebate",
        version: "1.0.0",
        owner: "finance@acme.example",
        callsPerMinute: 2,
        component: componentOf("rebate.component.yaml"),
      },
      IT,
    );
    await e.engine.deploy(TENANT, [fixture("rebate.component.yaml"), fixture("rebate.workflow.yaml")], "ops");

    await closeDeals(e, [100, 200, 300]);

    const runs = await rebateRuns(e.store);
    expect(runs.map((r) => r.status).sort()).toEqual(["completed", "completed", "failed"]);
    const over = runs.find((r) => r.status === "failed");
    expect(over?.error).toMatchObject({ code: "component/quota-exceeded" });
    expect((over?.error as { message: string }).message).toBe(
      "Component acme.rebate@1.0.0 has used its quota of 2 calls per minute for this tenant.",
    );

    // The next minute has a fresh quota.
    e.advance(60_000);
    await closeDeals(e, [400]);
    const next = (await rebateRuns(e.store)).find((r) => r.eventId === "deal-0-400");
    expect(next).toMatchObject({ status: "completed" });
  });

  it("does not let shadow runs use up the live version's quota", async () => {
    const e = await setup();
    await e.lifecycle.whitelistAdd(
      TENANT,
      {
        componentId: "acme.rebate",
        version: "1.0.0",
        owner: "finance@acme.example",
        callsPerMinute: 2,
        component: componentOf("rebate.component.yaml"),
      },
      IT,
    );
    const workflow = fixture("rebate.workflow.yaml");
    await e.engine.deploy(TENANT, [fixture("rebate.component.yaml"), workflow], "ops");
    const v2 = { ...workflow, text: workflow.text.replace("name: Rebate calculation", "name: Rebate v2") };
    expect(await e.lifecycle.publish(TENANT, [v2], AUTHOR)).toMatchObject({ ok: true });

    await closeDeals(e, [100, 200]);

    const live = (await rebateRuns(e.store)).filter((r) => r.mode === "live");
    expect(live.map((r) => r.status)).toEqual(["completed", "completed"]);
  });
});
