// Drives one template's sample events through its workflows deployed as shadow versions, and
// collects what the shadow runs would have done (their ledgers) and what really happened.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Json } from "../../src/expressions/index.js";
import { type RunRow, type Store, type TaskRow } from "@switchyard/store";
import type { EffectSummary } from "../../src/effects/staged.js";
import { type Delivery, RecordingTransport } from "../../src/effects/transports.js";
import { Engine } from "../../src/engine/engine.js";
import type { Template } from "../../src/templates/catalog.js";
import { openTestStore } from "../test-store.js";

export const TENANT = "acme";
const START = Date.parse("2026-11-23T09:00:00Z");

/** One line of a template's `events.jsonl`. */
export interface SampleEvent {
  readonly id: string;
  readonly type: string;
  readonly payload: Json;
}

/** How a template's events are driven (one row of the test's table, minus its expectations). */
export interface Drive {
  /**
   * Deploy the workflows live too, so shadow HTTP calls borrow the live twin's reply (and a
   * sub-workflow has a live version to start in shadow); `reply` answers the live calls.
   */
  readonly liveTwin?: { readonly reply: (url: string) => Json };
  /** Records that must exist before the events: each event's `payload.record`, stored first. */
  readonly seedFromEvents?: boolean;
  /** The answer a person gives to an open task (undefined: leave it open). */
  readonly answer?: (task: TaskRow) => Json | undefined;
  /** After the events: move the clock this far (timers and timeouts fire), then answer and drain. */
  readonly thenAdvance?: number;
}

/** One effect a shadow run would have had, with the event that started the run. */
export interface LedgerEntry extends EffectSummary {
  readonly event: string;
  readonly workflow: string;
  readonly step: string;
}

export interface Outcome {
  readonly shadowRuns: readonly RunRow[];
  readonly liveRuns: readonly RunRow[];
  readonly ledger: readonly LedgerEntry[];
  /** Outbox items, notifications, tasks and record writes created by shadow runs (must stay empty). */
  readonly performedByShadow: { outbox: number; notifications: number; recordWrites: number };
  /** Record writes the live twins' ledgers account for, and the store's count of new writes. */
  readonly liveRecordWrites: { ledger: number; store: number };
  /** Seeded records whose data a run changed. */
  readonly changedSeeds: readonly string[];
  readonly shadowTasks: readonly TaskRow[];
}

/** The template's `events.jsonl` (from the same folder as its files). */
export function sampleEvents(templatesDir: string, template: Template): SampleEvent[] {
  const folder = folderOf(templatesDir, template);
  return readFileSync(path.join(folder, "events.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SampleEvent);
}

function folderOf(templatesDir: string, template: Template): string {
  const manifest = template.files[0];
  const folder = readdirSync(templatesDir).find((f) => {
    try {
      return readFileSync(path.join(templatesDir, f, manifest?.path ?? ""), "utf8") === manifest?.text;
    } catch {
      return false;
    }
  });
  return path.join(templatesDir, folder ?? "");
}

/** Deploys the template (workflows as shadow versions), drives its events, and collects the outcome. */
export async function driveTemplate(
  template: Template,
  events: readonly SampleEvent[],
  drive: Drive,
): Promise<Outcome> {
  const store: Store = await openTestStore();
  let now = START;
  const reply = (item: { kind: string; payload: unknown }): Delivery => {
    const url = String((item.payload as { url?: unknown }).url ?? "");
    return {
      ok: true,
      result:
        item.kind === "http" ? { status: 200, body: drive.liveTwin?.reply(url) ?? {} } : { messageId: "m" },
    };
  };
  const engine = new Engine({
    store,
    clock: () => now,
    transports: { email: new RecordingTransport(reply), http: new RecordingTransport(reply) },
  });
  try {
    const sources = template.files.slice(1);
    // Human steps of shadow runs wait for their live twin's answer, so those need a live twin too.
    if (drive.liveTwin || drive.answer) await deployOk(engine, sources, "live");
    await deployOk(engine, sources, "shadow");
    const entities = new Set(
      engine.registry
        .shadowWorkflows(TENANT)
        .map((w) => w.workflow.entity)
        .filter((e): e is string => e !== undefined),
    );
    const seeds = drive.seedFromEvents === false ? [] : await seed(store, events, entities);
    const baseline = await store.countRecordWrites(TENANT);

    const answerAll = async () => {
      // Live tasks first: a shadow HTTP call then finds its live twin's reply already there.
      for (let round = 0; round < 20 && drive.answer; round++) {
        const open = await store.listTasks(TENANT, "open");
        const modes = new Map<string, string>();
        for (const t of open) modes.set(t.id, (await store.getRun(t.runId))?.mode ?? "live");
        let answered = 0;
        for (const mode of ["live", "shadow"])
          for (const task of open.filter((t) => modes.get(t.id) === mode)) {
            const result = drive.answer(task);
            if (result === undefined) continue;
            await engine.completeTask(task.id, result, task.assignees[0] ?? "someone");
            answered++;
            await engine.drain();
          }
        if (answered === 0) return;
      }
    };

    for (const event of events) {
      await engine.ingest({ tenantId: TENANT, id: event.id, type: event.type, payload: event.payload });
      await engine.drain();
      await answerAll();
    }
    if (drive.thenAdvance) {
      now += drive.thenAdvance;
      await engine.drain();
      await answerAll();
    }

    const runs = await store.listRuns({ tenantId: TENANT, limit: 1000 });
    const shadowRuns = runs.filter((r) => r.mode === "shadow");
    const liveRuns = runs.filter((r) => r.mode === "live");
    const shadowIds = new Set(shadowRuns.map((r) => r.id));
    const eventOf = (run: RunRow): string => {
      const parent = run.parentRunId ? runs.find((r) => r.id === run.parentRunId) : undefined;
      return parent ? eventOf(parent) : (run.eventId ?? "");
    };
    const ledgerOf = async (list: readonly RunRow[]) => {
      const entries: LedgerEntry[] = [];
      for (const run of [...list].sort(
        (a, b) => a.startedAt - b.startedAt || eventOf(a).localeCompare(eventOf(b)),
      ))
        for (const step of await store.stepExecutions(run.id))
          for (const effect of (step.effects as EffectSummary[] | null) ?? [])
            entries.push({ ...effect, event: eventOf(run), workflow: run.workflowId, step: step.stepId });
      return entries;
    };
    const ledger = await ledgerOf(shadowRuns);
    const liveLedger = await ledgerOf(liveRuns);
    const outbox = await store.listOutbox(TENANT);
    const notifications = await store.listNotifications(TENANT);
    const after = await store.countRecordWrites(TENANT);
    const changedSeeds: string[] = [];
    for (const s of seeds) {
      const row = await store.getRecord(TENANT, s.entity, s.id);
      if (JSON.stringify(row?.data) !== JSON.stringify(s.data)) changedSeeds.push(`${s.entity}/${s.id}`);
    }
    const tasks = await store.listTasks(TENANT);
    return {
      shadowRuns,
      liveRuns,
      ledger,
      performedByShadow: {
        outbox: outbox.filter((o) => o.runId !== null && shadowIds.has(o.runId)).length,
        notifications: notifications.filter((n) => n.runId !== null && shadowIds.has(n.runId)).length,
        recordWrites: after.total - baseline.total - countWrites(liveLedger),
      },
      liveRecordWrites: { ledger: countWrites(liveLedger), store: after.total - baseline.total },
      changedSeeds,
      shadowTasks: tasks.filter((t) => shadowIds.has(t.runId)),
    };
  } finally {
    await engine.close();
    await store.close();
  }
}

const countWrites = (ledger: readonly EffectSummary[]) =>
  ledger.filter((e) => e.kind === "record-create" || e.kind === "record-update").length;

async function deployOk(engine: Engine, sources: Template["files"], as: "live" | "shadow"): Promise<void> {
  const deployed = await engine.deploy(TENANT, sources, "templates-test", { workflowsAs: as });
  const errors = deployed.diagnostics.filter((d) => d.severity === "error");
  if (!deployed.ok || errors.length > 0)
    throw new Error(
      errors.map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`).join("\n"),
    );
}

/** Stores each event's `payload.record` (with an id) as a live record of the workflows' entity. */
async function seed(
  store: Store,
  events: readonly SampleEvent[],
  entities: ReadonlySet<string>,
): Promise<{ entity: string; id: string; data: Record<string, unknown> }[]> {
  const seeded: { entity: string; id: string; data: Record<string, unknown> }[] = [];
  const [entity] = [...entities];
  if (!entity || entities.size !== 1) return seeded;
  for (const event of events) {
    const payload = event.payload as { record?: Record<string, unknown> } | null;
    const record = payload?.record;
    if (!record || typeof record.id !== "string") continue;
    const { id, ...data } = record;
    await store.writeRecord(
      TENANT,
      { entity, id, op: "create", data, writeKey: `seed:${id}`, indexed: {} },
      "templates-test",
    );
    seeded.push({ entity, id, data });
  }
  return seeded;
}
