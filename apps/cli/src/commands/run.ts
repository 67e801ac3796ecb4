import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatDiagnostic, parseSource, type Workflow } from "@switchyard/definitions";
import {
  type EffectSummary,
  Engine,
  httpTransport,
  RecordingTransport,
  smtpTransport,
} from "@switchyard/runtime";
import { openSqliteStore, type RunRow, type Store } from "@switchyard/store";
import { collectFiles, readSources } from "../files.js";
import { type CliIO, EXIT, UsageError } from "../io.js";

/** The tenant the CLI works in on the local store. */
export const LOCAL_TENANT = "local";

/** The store file: --db, else $SWITCHYARD_DATA/switchyard.db, else ./data/switchyard.db. */
export function openLocalStore(db: string | undefined, io: CliIO): Store {
  const file = path.resolve(io.cwd, db ?? path.join(process.env.SWITCHYARD_DATA ?? "data", "switchyard.db"));
  mkdirSync(path.dirname(file), { recursive: true });
  return openSqliteStore(file);
}

interface EventLine {
  readonly id?: string;
  readonly type?: string;
  readonly payload?: unknown;
}

/** Why a line that is just a payload has no type, and what to do: said when `defaultType` is missing. */
const NO_EVENT_TYPE = {
  reason: "the workflow has no event trigger to take it from",
  hint: 'Write {"type": "…", "payload": {…}}.',
};

/**
 * Reads a JSONL file of events; each line is `{ "type", "payload", "id"? }` or just a payload, which
 * takes `defaultType`. A line that is not JSON, or has no type, is a usage error naming file and line.
 */
export function readEvents(
  file: string,
  defaultType: string | undefined,
  io: CliIO,
  noType: { reason: string; hint: string } = NO_EVENT_TYPE,
): { id?: string; type: string; payload: unknown; line: number }[] {
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch {
    throw new UsageError(`'${file}' cannot be read.`, "Give a JSON Lines file: one event per line.");
  }
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(
        `${file}:${i + 1}: this line is not JSON.`,
        'Each line is one event, e.g. {"type": "lead.received", "payload": {"name": "Acme"}}.',
      );
    }
    const e = (typeof value === "object" && value !== null ? value : {}) as EventLine;
    const isEnvelope = typeof e.type === "string" && "payload" in e;
    const type = isEnvelope ? String(e.type) : defaultType;
    if (!type)
      throw new UsageError(`${file}:${i + 1}: the event has no "type", and ${noType.reason}.`, noType.hint);
    return [
      {
        ...(isEnvelope && typeof e.id === "string" ? { id: e.id } : {}),
        type,
        payload: isEnvelope ? e.payload : value,
        line: i + 1,
      },
    ];
  });
}

/**
 * `switchyard run WORKFLOW --events FILE.jsonl [--db PATH] [--json] [--send]`: publishes the
 * workflow's folder (entities, components, workflows) to the local store, runs the events through
 * it and prints each run's outcome and effects. E-mail and HTTP are recorded, not sent, unless --send.
 */
export async function runCommand(
  workflowPath: string | undefined,
  options: { events?: string; db?: string; json: boolean; send: boolean },
  io: CliIO,
): Promise<number> {
  if (!workflowPath || !options.events)
    throw new UsageError(
      "Name a workflow file and an events file.",
      "Example: switchyard run examples/lead-capture/lead-intake.workflow.yaml --events events.jsonl",
    );
  const folder = path.dirname(path.resolve(io.cwd, workflowPath));
  const { sources } = await readSources(await collectFiles([folder], io.cwd), io.cwd);
  const target = sources.find((s) => path.resolve(io.cwd, s.path) === path.resolve(io.cwd, workflowPath));
  if (!target) throw new UsageError(`'${workflowPath}' is not a workflow definition file (.yaml).`);
  const store = openLocalStore(options.db, io);
  const transports = options.send
    ? {
        email: smtpTransport(
          process.env.SWITCHYARD_SMTP_URL ?? "smtp://localhost:25",
          process.env.SWITCHYARD_MAIL_FROM ?? "switchyard@localhost",
        ),
        http: httpTransport(),
      }
    : { email: new RecordingTransport(), http: new RecordingTransport() };
  const engine = new Engine({ store, transports });
  try {
    const deployed = await engine.deploy(LOCAL_TENANT, sources, "cli");
    if (!deployed.ok) {
      for (const d of deployed.diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
      io.stdout.write("✗ The project has errors; nothing was run.\n");
      return EXIT.invalid;
    }
    const targetId = (parseSource(target.text, target.path).document?.value as { id?: unknown } | undefined)
      ?.id;
    const workflow =
      typeof targetId === "string" ? engine.registry.liveWorkflow(LOCAL_TENANT, targetId) : undefined;
    const eventType = firstEventType(workflow?.workflow);
    const events = readEvents(options.events, eventType, io);
    const outcomes: Outcome[] = [];
    for (const event of events) {
      const ingested = await engine.ingest({
        tenantId: LOCAL_TENANT,
        type: event.type,
        payload: event.payload,
        ...(event.id ? { id: event.id } : {}),
      });
      await engine.drain();
      const runs = (await store.listRuns({ tenantId: LOCAL_TENANT, limit: 1000 })).filter(
        (r) => r.eventId === ingested.eventId,
      );
      outcomes.push(...(await Promise.all(runs.map((run) => describeRun(store, run, ingested.accepted)))));
      if (runs.length === 0)
        outcomes.push({
          event: ingested.eventId,
          run: null,
          workflow: null,
          status: ingested.accepted ? "no matching trigger" : "duplicate (ignored)",
          steps: [],
          effects: [],
          error: null,
        });
    }
    if (options.json) io.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
    else {
      for (const o of outcomes) io.stdout.write(formatOutcome(o));
      if (!options.send)
        io.stdout.write("(e-mail and HTTP calls were recorded, not sent; add --send to deliver them)\n");
    }
    return outcomes.some((o) => o.status === "failed") ? EXIT.invalid : EXIT.ok;
  } finally {
    await engine.close();
    await store.close();
  }
}

function firstEventType(workflow: Workflow | undefined): string | undefined {
  for (const t of workflow?.triggers ?? []) if (t.type === "event") return t.event;
  return undefined;
}

interface Outcome {
  readonly event: string;
  readonly run: string | null;
  readonly workflow: string | null;
  readonly status: string;
  readonly steps: readonly string[];
  readonly effects: readonly EffectSummary[];
  readonly error: unknown;
}

async function describeRun(store: Store, run: RunRow, accepted: boolean): Promise<Outcome> {
  const timeline = await store.stepExecutions(run.id);
  return {
    event: run.eventId ?? "",
    run: run.id,
    workflow: `${run.workflowId}@${run.version}`,
    status: accepted ? run.status : `${run.status} (duplicate event ignored)`,
    steps: timeline.map((s) => `${s.stepId}${s.status === "completed" ? "" : `(${s.status})`}`),
    effects: timeline.flatMap((s) => (s.effects as EffectSummary[] | null) ?? []),
    error: run.error,
  };
}

function formatOutcome(o: Outcome): string {
  const head = `${o.event} → ${o.run ?? "-"} ${o.workflow ?? ""} ${o.status}`;
  const steps = o.steps.length > 0 ? `\n  steps: ${o.steps.join(" → ")}` : "";
  const effects = o.effects.map((e) => `\n  effect: ${e.kind} ${e.target}`).join("");
  const error = o.error
    ? `\n  error: ${(o.error as { code?: string }).code ?? ""} ${(o.error as { message?: string }).message ?? ""}`
    : "";
  return `${head}${steps}${effects}${error}\n`;
}
