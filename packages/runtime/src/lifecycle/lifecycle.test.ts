import { readFileSync } from "node:fs";
import path from "node:path";
import { type Store } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../engine/engine.js";
import { Lifecycle, LifecycleError } from "./lifecycle.js";
import { openTestStore } from "../../tests/test-store.js";

const TENANT = "acme";
const HOUR = 3_600_000;
const OPPORTUNITY = path.resolve(import.meta.dirname, "../../../../examples/opportunity-stages");
const read = (file: string) => ({ path: file, text: readFileSync(path.join(OPPORTUNITY, file), "utf8") });

const ENTITY = `
kind: entity
id: lead
label: Lead
schema:
  type: object
  properties:
    name: { type: string }
    status: { type: string }
`;
const workflow = (status: string, shadow = "") => `
kind: workflow
id: lead.tag
name: Tag leads
owner: ops@acme.example
region: east
entity: lead
triggers: [{ type: event, event: lead.received }]
start: tag
steps:
  - id: tag
    component: core.set
    config: { fields: { status: "'${status}'" } }
${shadow}`;

let store: Store | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await store?.close();
});

async function setUp() {
  let now = Date.UTC(2026, 10, 23, 9);
  store = await openTestStore();
  engine = new Engine({ store, clock: () => now });
  const lifecycle = new Lifecycle({ engine, store, clock: () => now });
  await lifecycle.whitelistBuiltins(TENANT, "ivy.it");
  const s = store;
  const e = engine;
  return {
    lifecycle,
    store: s,
    engine: e,
    advance: (ms: number) => (now += ms),
    /** Publishes, signs off and promotes: the governed way to a live version. */
    async goLive(text: string) {
      const published = await lifecycle.publish(
        TENANT,
        [
          { path: "tag.workflow.yaml", text },
          { path: "lead.entity.yaml", text: ENTITY },
        ],
        "ana",
      );
      if (!published.ok) throw new Error(published.message);
      const version = published.published.find((p) => p.kind === "workflow")?.version ?? 0;
      await lifecycle.approve(TENANT, "lead.tag", version, "bo", "approved");
      now += 73 * HOUR;
      await lifecycle.promote(TENANT, "lead.tag", "ana");
      return version;
    },
  };
}

const codeOf = async (p: Promise<unknown>) => {
  const error = await p.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LifecycleError);
  return (error as LifecycleError).code;
};

describe("lifecycle", () => {
  it("numbers versions, keeps earlier ones, and rolls back to the previous or a named one", async () => {
    const { lifecycle, engine: e, store: s, goLive } = await setUp();
    expect(await goLive(workflow("one"))).toBe(1);
    expect(await goLive(workflow("two"))).toBe(2);
    expect(await goLive(workflow("three"))).toBe(3);
    expect(e.registry.liveWorkflow(TENANT, "lead.tag")?.version).toBe(3);

    expect(await lifecycle.rollback(TENANT, "lead.tag", "ana", { reason: "wrong tag" })).toMatchObject({
      from: 3,
      to: 2,
    });
    // Rolling back again goes to the version live before 2 — history, not arithmetic.
    expect(await lifecycle.rollback(TENANT, "lead.tag", "ana")).toMatchObject({ from: 2, to: 3 });
    expect(await lifecycle.rollback(TENANT, "lead.tag", "ana", { toVersion: 1 })).toMatchObject({
      from: 3,
      to: 1,
    });
    expect(await codeOf(lifecycle.rollback(TENANT, "lead.tag", "ana", { toVersion: 1 }))).toBe(
      "lifecycle/same-version",
    );
    expect(await codeOf(lifecycle.rollback(TENANT, "lead.tag", "ana", { toVersion: 9 }))).toBe(
      "lifecycle/unknown-version",
    );

    const versions = await Promise.all([1, 2, 3].map((v) => s.getVersion(TENANT, "workflow", "lead.tag", v)));
    expect(versions.map((v) => v?.status)).toEqual(["live", "retired", "retired"]);
    const rollbacks = (await s.audit.list(TENANT)).filter((a) => a.action === "rollback");
    expect(rollbacks.map((a) => [a.version, (a.detail as { from: number }).from])).toEqual([
      [2, 3],
      [3, 2],
      [1, 3],
    ]);
    expect((rollbacks[0]?.detail as { diff: string[] }).diff.join("\n")).toContain("three");
  });

  it("refuses what it cannot do, with a code and a way forward", async () => {
    const { lifecycle, goLive } = await setUp();
    expect(await codeOf(lifecycle.rollback(TENANT, "lead.tag", "ana"))).toBe("lifecycle/not-live");
    await goLive(workflow("one"));
    expect(await codeOf(lifecycle.rollback(TENANT, "lead.tag", "ana"))).toBe("lifecycle/no-previous");
    expect(await codeOf(lifecycle.promote(TENANT, "lead.tag", "ana"))).toBe("lifecycle/no-shadow");
    expect(await codeOf(lifecycle.approve(TENANT, "lead.tag", 1, "bo", "approved"))).toBe(
      "lifecycle/not-in-shadow",
    );
    expect(await codeOf(lifecycle.startShadow(TENANT, "lead.tag", 1, "ana"))).toBe("lifecycle/already-live");
  });

  it("keeps a validated version out of shadow until asked, and a rejection blocks promotion", async () => {
    const { lifecycle, engine: e, store: s, advance, goLive } = await setUp();
    await goLive(workflow("one"));
    const published = await lifecycle.publish(
      TENANT,
      [{ path: "t.workflow.yaml", text: workflow("two") }],
      "ana",
      { shadow: false },
    );
    expect(published.ok && published.published).toEqual([
      { kind: "workflow", id: "lead.tag", version: 2, status: "validated" },
    ]);
    expect(e.registry.shadowWorkflows(TENANT)).toEqual([]);
    await lifecycle.startShadow(TENANT, "lead.tag", 2, "ana");
    expect(e.registry.shadowWorkflows(TENANT).map((w) => w.version)).toEqual([2]);
    await lifecycle.approve(TENANT, "lead.tag", 2, "bo", "rejected", "tag name is wrong");
    await lifecycle.approve(TENANT, "lead.tag", 2, "cy", "approved");
    advance(80 * HOUR);
    const status = await lifecycle.shadowStatus(TENANT, "lead.tag");
    expect(status.gates.find((g) => g.id === "approval")).toMatchObject({
      passed: false,
      actual: "rejected by bo",
    });
    expect(await codeOf(lifecycle.promote(TENANT, "lead.tag", "ana"))).toBe("lifecycle/gates-failed");
    // Publishing the same text again adds no version.
    const again = await lifecycle.publish(
      TENANT,
      [{ path: "t.workflow.yaml", text: workflow("two") }],
      "ana",
    );
    expect(again.ok && again.published).toEqual([]);
    // Stopping the shadow retires the version and ends its session.
    expect(await lifecycle.stopShadow(TENANT, "lead.tag", "ana", "rejected")).toBe(2);
    expect((await s.getVersion(TENANT, "workflow", "lead.tag", 2))?.status).toBe("retired");
    expect((await s.governance.getShadowSession(TENANT, "lead.tag", 2))?.stoppedAt).not.toBeNull();
    expect(e.registry.shadowWorkflows(TENANT)).toEqual([]);
  });

  it("a newer shadow version replaces the one in shadow and ends its session", async () => {
    const { lifecycle, store: s, goLive } = await setUp();
    await goLive(workflow("one"));
    await lifecycle.publish(TENANT, [{ path: "t.workflow.yaml", text: workflow("two") }], "ana");
    await lifecycle.publish(TENANT, [{ path: "t.workflow.yaml", text: workflow("three") }], "ana");
    expect((await s.getVersion(TENANT, "workflow", "lead.tag", 2))?.status).toBe("retired");
    expect((await s.governance.getShadowSession(TENANT, "lead.tag", 2))?.stoppedAt).not.toBeNull();
    expect((await s.getVersion(TENANT, "workflow", "lead.tag", 3))?.status).toBe("shadow");
    const stops = (await s.audit.list(TENANT)).filter((a) => a.action === "shadow-stop");
    expect(stops.map((a) => [a.version, (a.detail as { reason: string }).reason])).toEqual([
      [2, "superseded by version 3"],
    ]);
  });

  it("retires a workflow: no new runs start", async () => {
    const { lifecycle, engine: e, store: s, goLive } = await setUp();
    await goLive(workflow("one"));
    expect(await lifecycle.retire(TENANT, "lead.tag", "ana", "season over")).toBe(1);
    await e.ingest({ tenantId: TENANT, type: "lead.received", payload: { record: { name: "x" } } });
    await e.drain();
    expect(await s.listRuns({ tenantId: TENANT })).toEqual([]);
  });

  it("refuses a regional variant that drops, renames or retypes a core field, located in the file", async () => {
    const { lifecycle, store: s } = await setUp();
    const base = read("opportunity.entity.yaml");
    const east = read("opportunity-east.variant.yaml");
    expect((await lifecycle.publish(TENANT, [base, east], "ana")).ok).toBe(true);
    const retyped = {
      ...east,
      text: east.text.replace("  amount:\n    type: number", "  amount:\n    type: string"),
    };
    const refused = await lifecycle.publish(TENANT, [retyped], "ana");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.code).toBe("invalid");
    const problem = refused.diagnostics.find((d) => d.severity === "error");
    expect(problem?.code).toMatch(/^variant\//);
    expect(problem?.location).toMatchObject({ file: "opportunity-east.variant.yaml", line: 17 });
    expect((await s.latestVersions(TENANT, "variant")).map((v) => v.version)).toEqual([1]);
  });

  it("approves components by content hash, and records whitelist changes in the audit", async () => {
    const { lifecycle, store: s } = await setUp();
    expect(
      await codeOf(
        lifecycle.whitelistAdd(TENANT, { componentId: "acme.nope", version: "1.0.0", owner: "x" }, "ivy"),
      ),
    ).toBe("whitelist/unknown-component");
    const before = (await s.governance.listWhitelist(TENANT)).length;
    await lifecycle.whitelistRemove(TENANT, "core.http", "1.0.0", "ivy");
    expect(await s.governance.listWhitelist(TENANT)).toHaveLength(before - 1);
    expect(await codeOf(lifecycle.whitelistRemove(TENANT, "core.http", "1.0.0", "ivy"))).toBe(
      "whitelist/not-listed",
    );
    const actions = (await s.audit.list(TENANT)).map((a) => a.action);
    expect(actions.filter((a) => a === "whitelist-add")).toHaveLength(before);
    expect(actions.at(-1)).toBe("whitelist-remove");
  });

  it("tells per version which fields each step reads and writes, and what changed", async () => {
    const { lifecycle, goLive } = await setUp();
    const save = (field: string) =>
      workflow("x").replace(
        "config: { fields: { status: \"'x'\" } }",
        `config: { fields: { status: "'x'" } }\n    next: [{ to: save }]\n  - id: save\n    component: core.update-record\n    config: { entity: lead, id: record.id, values: { ${field}: record.name } }`,
      );
    await goLive(save("status"));
    await goLive(save("name"));
    const lineage = await lifecycle.lineage(TENANT, "lead.tag", 2, 1);
    expect(lineage.steps).toEqual([{ step: "save", reads: ["lead.id", "lead.name"], writes: ["lead.name"] }]);
    expect(lineage.changes?.writes).toEqual([
      { step: "save", added: ["lead.name"], removed: ["lead.status"] },
    ]);
    expect(lineage.changes?.reads).toEqual([]);
  });
});
