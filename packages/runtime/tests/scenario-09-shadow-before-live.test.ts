// Scenario 9, "Shadow before live": a business-built workflow goes live only through shadow mode.
// v1 of a lead-tiering workflow is made live the governed way (publish → shadow → sign-off by
// someone else → 72 hours → promote). A process owner then publishes v2: it starts in shadow by
// itself, runs beside v1 on the same events without performing anything, and the shadow report
// says per event what v1 did and what v2 would have done. Promotion waits for the gates.
import { readFileSync } from "node:fs";
import { type Store } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import {
  createSandbox,
  Engine,
  type EventComparison,
  Lifecycle,
  LifecycleError,
  RecordingTransport,
  type Sandbox,
} from "../src/index.js";
import { openTestStore } from "./test-store.js";

const TENANT = "acme";
const WORKFLOW = "tiering";
const OWNER = "owner@acme.example";
const APPROVER = "approver@acme.example";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Lead amounts by position in the stream; v1 and v2 treat each band differently (see fixtures). */
const AMOUNTS = [200, 800, 1500, 3000] as const;

const fixture = (name: string) => ({
  path: name,
  text: readFileSync(new URL(`./fixtures/scenario-09/${name}`, import.meta.url), "utf8"),
});
const ENTITIES = [fixture("lead.entity.yaml"), fixture("activity.entity.yaml")];

interface Env {
  readonly store: Store;
  readonly engine: Engine;
  readonly lifecycle: Lifecycle;
  readonly sandbox: Sandbox;
  readonly email: RecordingTransport;
  advance(ms: number): void;
  now(): number;
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

/** An engine and lifecycle on an in-memory store, sharing one hand-moved clock; built-ins approved. */
async function setup(): Promise<Env> {
  const store = await openTestStore();
  let now = Date.parse("2026-11-23T09:00:00Z");
  const clock = () => now;
  const sandbox = createSandbox({ workers: 1 });
  const email = new RecordingTransport();
  const engine = new Engine({ store, sandbox, clock, transports: { email, http: new RecordingTransport() } });
  const lifecycle = new Lifecycle({ engine, store, clock, drive: "drain" });
  await lifecycle.whitelistBuiltins(TENANT, "it-admin");
  env = {
    store,
    engine,
    lifecycle,
    sandbox,
    email,
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
  };
  return env;
}

/** v1 made live the governed way: published by the owner, signed off by another, 72 h in shadow. */
async function goLiveWithV1(e: Env): Promise<void> {
  const published = await e.lifecycle.publish(
    TENANT,
    [...ENTITIES, fixture("tiering-v1.workflow.yaml")],
    OWNER,
  );
  expect(published).toMatchObject({
    ok: true,
    published: [
      { kind: "entity", id: "lead", version: 1, status: "live" },
      { kind: "entity", id: "activity", version: 1, status: "live" },
      { kind: "workflow", id: WORKFLOW, version: 1, status: "shadow" },
    ],
  });
  await e.lifecycle.approve(TENANT, WORKFLOW, 1, APPROVER, "approved");
  e.advance(72 * HOUR);
  const promoted = await e.lifecycle.promote(TENANT, WORKFLOW, APPROVER);
  expect(promoted).toMatchObject({ version: 1, previous: undefined, forced: false });
  expect(e.engine.registry.liveWorkflow(TENANT, WORKFLOW)?.version).toBe(1);
}

/** Stored leads L-0 … L-(n-1) of the east region, their amounts cycling through AMOUNTS. */
async function seedLeads(store: Store, n: number, extra: Record<string, unknown> = {}): Promise<void> {
  for (let i = 0; i < n; i++)
    await seedLead(store, `L-${i}`, { amount: AMOUNTS[i % 4], region: "east", ...extra });
}

async function seedLead(store: Store, id: string, data: Record<string, unknown>): Promise<void> {
  await store.writeRecord(
    TENANT,
    {
      entity: "lead",
      id,
      op: "create",
      data: { name: `Lead ${id}`, status: "new", ...data },
      writeKey: `seed:${id}`,
      indexed: { id },
    },
    "seed",
  );
}

/** One `lead.scored` event per lead, ids `ev-<lead>`, then the engine runs until idle. */
async function stream(
  e: Env,
  leads: readonly string[],
  options: { occurredAt?: number } = {},
): Promise<void> {
  for (const lead of leads)
    await e.engine.ingest({
      tenantId: TENANT,
      id: `ev-${lead}`,
      type: "lead.scored",
      payload: { recordId: lead },
      ...(options.occurredAt === undefined ? {} : { occurredAt: options.occurredAt }),
    });
  await e.engine.drain();
}

const leadIds = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `L-${from + i}`);

async function runs(store: Store, mode: "live" | "shadow") {
  return store.listRuns({ tenantId: TENANT, workflowId: WORKFLOW, mode, limit: 1000 });
}

const eventOf = (events: readonly EventComparison[], id: string) => {
  const found = events.find((x) => x.eventId === id);
  if (!found) throw new Error(`no comparison for ${id}`);
  return found;
};

async function promoteError(e: Env): Promise<LifecycleError> {
  const error: unknown = await e.lifecycle.promote(TENANT, WORKFLOW, APPROVER).then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(error instanceof LifecycleError)) throw new Error(`promote did not refuse: ${String(error)}`);
  return error;
}

const failedGates = (error: LifecycleError) =>
  ((error.details as { gates: { id: string; passed: boolean }[] }).gates ?? [])
    .filter((g) => !g.passed)
    .map((g) => g.id);

describe("scenario 9: a changed workflow runs in shadow before it goes live", () => {
  it("runs v2 beside live v1: live performs, shadow only records, the report compares event by event", async () => {
    const e = await setup();
    await goLiveWithV1(e);
    await seedLeads(e.store, 40);

    const published = await e.lifecycle.publish(TENANT, [fixture("tiering-v2.workflow.yaml")], OWNER);
    expect(published).toMatchObject({
      ok: true,
      published: [{ kind: "workflow", id: WORKFLOW, version: 2, status: "shadow" }],
    });
    expect(e.engine.registry.liveWorkflow(TENANT, WORKFLOW)?.version).toBe(1);
    await stream(e, leadIds(40));

    // Live v1 handled every event and performed its effects.
    const live = await runs(e.store, "live");
    expect(live).toHaveLength(40);
    expect(new Set(live.map((r) => `${r.version}:${r.status}`))).toEqual(new Set(["1:completed"]));
    expect(e.email.delivered).toHaveLength(40);
    const outbox = await e.store.listOutbox(TENANT);
    expect(outbox).toHaveLength(40);
    expect(new Set(outbox.map((o) => o.runId))).toEqual(new Set(live.map((r) => r.id)));
    expect(await e.store.listRecords(TENANT, "activity", { limit: 1000, offset: 0 })).toHaveLength(40);
    expect((await e.store.getRecord(TENANT, "lead", "L-1"))?.data).toMatchObject({
      amount: 800,
      tier: "standard",
    });

    // Shadow v2 handled every event too, and performed nothing: no extra records, outbox items,
    // e-mails or notifications (its VP notifications exist only in its ledger).
    const shadow = await runs(e.store, "shadow");
    expect(shadow).toHaveLength(40);
    expect(new Set(shadow.map((r) => `${r.version}:${r.status}`))).toEqual(new Set(["2:completed"]));
    expect(await e.store.listNotifications(TENANT)).toEqual([]);

    const status = await e.lifecycle.shadowStatus(TENANT, WORKFLOW);
    const { report } = status;
    expect(status).toMatchObject({ workflowId: WORKFLOW, version: 2, status: "shadow", promotable: false });
    expect(report.liveVersions).toEqual([1]);
    expect(report.totals).toMatchObject({
      events: 40,
      compared: 40,
      pending: 0,
      identical: 20,
      withDifferences: 20,
      shadowErrors: 0,
      errorRate: 0,
      anomalies: 0,
      effects: { matched: 100, different: 10, added: 10, missing: 10 },
      boundaryViolations: 0,
    });

    // 200 and 1500: both versions did the same.
    const same = eventOf(report.events, "ev-L-0");
    expect(same.verdict).toBe("identical");
    expect(same.effects?.counts).toEqual({ matched: 3, different: 0, added: 0, missing: 0 });

    // 800: v2 makes it a key account; the report names the field and both values.
    const tiered = eventOf(report.events, "ev-L-1");
    expect(tiered).toMatchObject({ verdict: "different", liveVersion: 1, liveStatus: "completed" });
    expect(tiered.effects?.entries.map((x) => [x.class, x.kind, x.target])).toEqual([
      ["different", "record-update", "lead/L-1"],
      ["matched", "record-create", "activity/<generated-id>"],
      ["matched", "email", "sales@acme.example"],
    ]);
    expect(tiered.effects?.entries[0]?.differences).toEqual([
      { path: "tier", change: "changed", live: "standard", shadow: "key" },
    ]);

    // 3000: v2 notifies the VP (added) instead of e-mailing sales (missing).
    const big = eventOf(report.events, "ev-L-3");
    expect(big.effects?.entries.map((x) => [x.class, x.kind, x.target])).toEqual([
      ["matched", "record-update", "lead/L-3"],
      ["matched", "record-create", "activity/<generated-id>"],
      ["added", "notification", "vp.sales@acme.example"],
      ["missing", "email", "sales@acme.example"],
    ]);
    expect(big.effects?.entries[2]?.shadow?.detail).toEqual({ title: "Big lead Lead L-3" });

    // What v2 reads, step by step, and what it writes.
    expect(report.fieldsRead).toEqual({
      hold: ["lead.status"],
      key: ["lead.id"],
      log: ["lead.id", "lead.region"],
      mail: ["lead.name"],
      route: ["lead.amount"],
      standard: ["lead.id"],
      tier: ["lead.amount"],
      vp: ["lead.name"],
    });
    expect(report.fieldsWritten).toEqual(["activity.lead", "activity.note", "activity.region", "lead.tier"]);
    expect(big.fieldsWritten).toEqual(["activity.lead", "activity.note", "activity.region", "lead.tier"]);
    expect(report.events.every((x) => x.boundaryViolations.length === 0)).toBe(true);

    // Only the exposure time and the sign-off hold it back.
    expect(status.gates.map((g) => [g.id, g.passed])).toEqual([
      ["min-duration", false],
      ["max-error-rate", true],
      ["boundary-violations", true],
      ["approval", false],
    ]);
    expect(status.gates.find((g) => g.id === "max-error-rate")?.actual).toBe(
      "0.0% (0 errors, 0 anomalies in 40 events)",
    );
  });

  it("fails the boundary gate when v2 writes a record of another region, and performs none of it", async () => {
    const e = await setup();
    await goLiveWithV1(e);
    await seedLeads(e.store, 8);
    await seedLead(e.store, "L-west", { amount: 100, region: "west" });

    const published = await e.lifecycle.publish(
      TENANT,
      [fixture("tiering-v2-cross-region.workflow.yaml")],
      OWNER,
    );
    expect(published.ok).toBe(true);
    await stream(e, leadIds(8));

    const { report, gates } = await e.lifecycle.shadowStatus(TENANT, WORKFLOW);
    expect(report.totals.boundaryViolations).toBe(8);
    expect(eventOf(report.events, "ev-L-5").boundaryViolations).toEqual([
      { entity: "lead", id: "L-west", region: "west", touched: ["updated"] },
    ]);
    expect(report.fieldsWritten).toContain("lead.status");
    expect(gates.find((g) => g.id === "boundary-violations")).toMatchObject({ passed: false, actual: "8" });
    // The west lead was never touched for real.
    expect((await e.store.getRecord(TENANT, "lead", "L-west"))?.data).toMatchObject({ status: "new" });

    // Time and sign-off do not make up for it.
    e.advance(72 * HOUR);
    await e.lifecycle.approve(TENANT, WORKFLOW, 2, APPROVER, "approved");
    const refused = await promoteError(e);
    expect(refused.code).toBe("lifecycle/gates-failed");
    expect(failedGates(refused)).toEqual(["boundary-violations"]);
    expect(e.engine.registry.liveWorkflow(TENANT, WORKFLOW)?.version).toBe(1);
  });

  it("promotes only after 72 hours and another person's sign-off; earlier runs stay on v1", async () => {
    const e = await setup();
    await goLiveWithV1(e);
    await seedLeads(e.store, 12);
    await seedLead(e.store, "L-hold", { amount: 800, region: "east", status: "on-hold" });
    expect((await e.lifecycle.publish(TENANT, [fixture("tiering-v2.workflow.yaml")], OWNER)).ok).toBe(true);
    await stream(e, [...leadIds(12), "L-hold"]);
    // The on-hold lead's live run waits an hour inside v1.
    const pinned = (await runs(e.store, "live")).find((r) => r.eventId === "ev-L-hold");
    expect(pinned).toMatchObject({ version: 1, status: "waiting" });

    // Before 72 h and without a sign-off: both gates fail and promotion is refused.
    const early = await promoteError(e);
    expect(early.code).toBe("lifecycle/gates-failed");
    expect(failedGates(early)).toEqual(["min-duration", "approval"]);
    expect(early.message).toContain("min-duration (needs at least 72.0h in shadow; has 0.0h so far)");

    // The author may not sign off their own version.
    const self = await e.lifecycle.approve(TENANT, WORKFLOW, 2, OWNER, "approved").then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(self).toBeInstanceOf(LifecycleError);
    expect((self as LifecycleError).code).toBe("lifecycle/self-approval");

    // After 72 h the time gate passes, but the approval gate still fails.
    e.advance(72 * HOUR);
    expect(failedGates(await promoteError(e))).toEqual(["approval"]);

    await e.lifecycle.approve(TENANT, WORKFLOW, 2, APPROVER, "approved", "Checked the 800 band.");
    const promoted = await e.lifecycle.promote(TENANT, WORKFLOW, APPROVER);
    expect(promoted).toMatchObject({ version: 2, previous: 1, forced: false });
    expect(promoted.gates.every((g) => g.passed)).toBe(true);
    expect(e.engine.registry.liveWorkflow(TENANT, WORKFLOW)?.version).toBe(2);
    expect(e.engine.registry.shadowWorkflows(TENANT)).toEqual([]);

    // New events run on v2 (800 is now a key account), live and performed; no shadow run any more.
    await seedLead(e.store, "L-new", { amount: 800, region: "east" });
    await stream(e, ["L-new"]);
    const fresh = (await runs(e.store, "live")).find((r) => r.eventId === "ev-L-new");
    expect(fresh).toMatchObject({ version: 2, status: "completed" });
    expect((await e.store.getRecord(TENANT, "lead", "L-new"))?.data).toMatchObject({ tier: "key" });
    expect((await runs(e.store, "shadow")).some((r) => r.eventId === "ev-L-new")).toBe(false);

    // The run started before promotion finishes on v1, with v1's rule (800 is standard there).
    e.advance(HOUR);
    await e.engine.drain();
    const finished = await e.store.getRun(pinned?.id ?? "");
    expect(finished).toMatchObject({ version: 1, status: "completed" });
    expect((await e.store.getRecord(TENANT, "lead", "L-hold"))?.data).toMatchObject({ tier: "standard" });

    // Every act is in the audit log, by the person who did it, and the chain is intact.
    const acts = (await e.store.audit.list(TENANT))
      .filter((a) => a.object === `workflow/${WORKFLOW}` && a.version === 2)
      .map((a) => [a.action, a.actor]);
    expect(acts).toEqual([
      ["publish", OWNER],
      ["shadow-start", OWNER],
      ["approve", APPROVER],
      ["promote", APPROVER],
    ]);
    const audit = await e.store.audit.list(TENANT);
    const publish = audit.find((a) => a.action === "publish" && a.version === 2);
    expect(publish?.detail).toMatchObject({ status: "shadow", change: "changed" });
    const promote = audit.find((a) => a.action === "promote" && a.version === 2);
    expect(promote?.detail).toMatchObject({ status: "live", previousLive: 1, forced: null });
    expect(await e.store.audit.verify(TENANT)).toMatchObject({ ok: true, entries: audit.length });
  });

  it("lets a policy with only minEvents be satisfied by the event count instead of time", async () => {
    const e = await setup();
    await goLiveWithV1(e);
    await seedLeads(e.store, 10);
    const v2 = fixture("tiering-v2.workflow.yaml");
    const byEvents = { path: v2.path, text: `${v2.text}shadow:\n  minEvents: 10\n` };
    expect((await e.lifecycle.publish(TENANT, [byEvents], OWNER)).ok).toBe(true);
    await e.lifecycle.approve(TENANT, WORKFLOW, 2, APPROVER, "approved");

    await stream(e, leadIds(9));
    const short = await promoteError(e);
    expect(failedGates(short)).toEqual(["min-events"]);

    await stream(e, ["L-9"]);
    const { gates } = await e.lifecycle.shadowStatus(TENANT, WORKFLOW);
    expect(gates.map((g) => g.id)).toEqual([
      "min-events",
      "max-error-rate",
      "boundary-violations",
      "approval",
    ]);
    expect(gates[0]).toMatchObject({ passed: true, actual: "10 events" });
    // No time has passed since v2 was published.
    const promoted = await e.lifecycle.promote(TENANT, WORKFLOW, APPROVER);
    expect(promoted).toMatchObject({ version: 2, previous: 1 });
  });

  it("replays the events stored before v2 was published and reports at once", async () => {
    const e = await setup();
    await goLiveWithV1(e);
    await seedLeads(e.store, 6);
    // Two events from ten days ago, four from today, all handled by live v1.
    await stream(e, leadIds(2), { occurredAt: e.now() - 10 * DAY });
    await stream(e, leadIds(4, 2));
    expect(await runs(e.store, "live")).toHaveLength(6);

    expect((await e.lifecycle.publish(TENANT, [fixture("tiering-v2.workflow.yaml")], OWNER)).ok).toBe(true);
    expect(await runs(e.store, "shadow")).toEqual([]);
    const replayed = await e.lifecycle.replay(TENANT, WORKFLOW, 7, APPROVER);

    // Only the last seven days: L-2 (1500), L-3 (3000), L-4 (200), L-5 (800).
    expect(replayed.report.events.map((x) => [x.eventId, x.verdict])).toEqual([
      ["ev-L-2", "identical"],
      ["ev-L-3", "different"],
      ["ev-L-4", "identical"],
      ["ev-L-5", "different"],
    ]);
    expect(replayed.report.liveVersions).toEqual([1]);
    expect(replayed.report.totals).toMatchObject({
      events: 4,
      compared: 4,
      identical: 2,
      withDifferences: 2,
      effects: { matched: 10, different: 1, added: 1, missing: 1 },
    });
    // Replays perform nothing either.
    expect(e.email.delivered).toHaveLength(6);
    expect(await e.store.listRecords(TENANT, "activity", { limit: 100, offset: 0 })).toHaveLength(6);
    const entry = (await e.store.audit.list(TENANT)).find((a) => a.action === "shadow-replay");
    expect(entry).toMatchObject({ actor: APPROVER, version: 2, detail: { days: 7, events: 4 } });
  });

  it("counts shadow runs flagged by an anomaly rule against the error-rate gate", async () => {
    const e = await setup();
    await goLiveWithV1(e);
    await seedLeads(e.store, 4);
    const v2 = fixture("tiering-v2.workflow.yaml");
    // An anomaly rule that holds for every run, so each shadow run is flagged once it has logged.
    const flagged = {
      path: v2.path,
      text: `${v2.text}breaker:\n  anomalies:\n    - id: every_log\n      when: "steps.log.output.id != ''"\n`,
    };
    expect((await e.lifecycle.publish(TENANT, [flagged], OWNER)).ok).toBe(true);

    await stream(e, leadIds(4));

    // In shadow an anomaly is only noted: the runs complete, and live v1 is not held.
    expect((await runs(e.store, "shadow")).map((r) => r.status)).toEqual(Array(4).fill("completed"));
    expect((await runs(e.store, "live")).map((r) => r.status)).toEqual(Array(4).fill("completed"));
    const { report, gates } = await e.lifecycle.shadowStatus(TENANT, WORKFLOW);
    expect(report.totals).toMatchObject({ events: 4, shadowErrors: 0, anomalies: 4 });
    expect(report.events.every((x) => x.anomaly)).toBe(true);
    expect(gates.find((g) => g.id === "max-error-rate")).toMatchObject({
      passed: false,
      actual: "100.0% (0 errors, 4 anomalies in 4 events)",
    });
  });
});
