// Five-step throughput against how much is already stored: the engine rate (engine.mjs's method)
// on databases holding 1k, 10k and 100k earlier runs, with their records, events and effects.
// Filling 100k through the engine would take minutes, so ~1k real runs are made once and their
// rows cloned with new ids (INSERT … SELECT) until each level is reached (see docs/performance.md).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Engine, RecordingTransport } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import Database from "better-sqlite3";
import { ingestFiveStep, sourcesOf } from "./five-step.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TENANT = "bench";
const PROC_IO = "/proc/self/io";

/** Bytes this process has passed to write() so far (Linux), or undefined. */
const bytesWritten = () =>
  existsSync(PROC_IO) ? Number(/^wchar: (\d+)$/m.exec(readFileSync(PROC_IO, "utf8"))?.[1]) : undefined;

/**
 * How each table the engine writes per run is cloned: the columns given a copy suffix so every
 * primary key and unique index stays valid (ids, idempotency and write keys, the run they belong
 * to). Autoincrement `seq` columns are left out, so clones get fresh ones. JSON text that mentions
 * an id (a run's state, a step's output) is copied unchanged.
 */
const CLONED = {
  inbox: ["id", "idempotency_key"],
  runs: ["id", "event_id", "parent_run_id"],
  step_executions: ["run_id"],
  records: ["id"],
  record_fields: ["record_id"],
  record_writes: ["record_id", "write_key", "run_id"],
  outbox: ["id", "idempotency_key", "run_id"],
  notifications: ["id", "run_id"],
  tasks: ["id", "run_id"],
  timers: ["id", "run_id"],
  event_waits: ["id", "run_id"],
  breaker_outcomes: ["subject"],
};
/** Rows written once per deployment or tenant, not per run: not cloned. */
const PER_DEPLOYMENT = new Set([
  "__drizzle_migrations",
  "sqlite_sequence",
  "tenants",
  "definition_versions",
  "audit_entries",
  "counters",
  "breakers",
]);
const AUTOINCREMENT = new Set(["seq"]);

/** A fresh database with `runs` real five-step runs, every one completed; its file. */
async function seedDatabase(dir, runs) {
  const file = path.join(dir, "seed.db");
  const store = openSqliteStore(file);
  const transport = new RecordingTransport();
  const engine = new Engine({ store, transports: { email: transport, http: transport } });
  const sources = sourcesOf();
  if (!(await engine.deploy(TENANT, sources, "bench")).ok) throw new Error("bench project invalid");
  await ingestFiveStep(engine, runs, { tenantId: TENANT, label: "Seed" });
  await engine.drain();
  await engine.close();
  await store.close();
  const db = new Database(file);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return file;
}

/** Row counts of every non-empty table written per run. */
function tableCounts(db) {
  const names = db
    .prepare("select name from sqlite_master where type = 'table' order by name")
    .all()
    .map((t) => t.name);
  const counts = {};
  for (const name of names) {
    const { n } = db.prepare(`select count(*) as n from "${name}"`).get();
    if (n > 0 && !PER_DEPLOYMENT.has(name)) counts[name] = n;
  }
  return counts;
}

/**
 * Clones the seed's per-run rows `copies` times (suffix `~<copy>` on the columns of CLONED), so a
 * seed of 1k runs becomes (copies + 1) × 1k. Fails when the engine writes a table this script does
 * not know, rather than filling some tables and not others.
 */
function cloneRows(file, copies) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const unknown = Object.keys(tableCounts(db)).filter((t) => !(t in CLONED));
  if (unknown.length > 0) throw new Error(`scaling.mjs does not know how to clone: ${unknown.join(", ")}`);
  db.exec("create temp table copies (k integer primary key)");
  const addCopy = db.prepare("insert into copies (k) values (?)");
  for (let k = 1; k <= copies; k++) addCopy.run(k);
  db.transaction(() => {
    for (const [table, suffixed] of Object.entries(CLONED)) {
      const columns = db
        .prepare(`pragma table_info("${table}")`)
        .all()
        .map((c) => c.name)
        .filter((c) => !AUTOINCREMENT.has(c));
      const values = columns.map((c) => {
        if (suffixed.includes(c)) return `t."${c}" || '~' || copies.k`;
        // A record's own id is also indexed as its `id` field.
        if (table === "record_fields" && c === "value")
          return `case when t.field = 'id' then t.value || '~' || copies.k else t.value end`;
        return `t."${c}"`;
      });
      db.exec(
        `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) ` +
          `select ${values.join(", ")} from "${table}" as t, copies order by copies.k`,
      );
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  const counts = tableCounts(db);
  db.close();
  return counts;
}

/**
 * Tables WITHOUT ROWID, which a rowid mark cannot cover: the condition that picks out the rows a
 * measurement added once the rowid tables are back to their marks.
 */
const ADDED_WITHOUT_ROWID = {
  record_fields: `not exists (select 1 from records r where r.tenant_id = record_fields.tenant_id
    and r.entity = record_fields.entity and r.id = record_fields.record_id)`,
};

/** Largest rowid of every table that has one, so the rows a measurement adds can be removed again. */
function rowidMarks(db) {
  const marks = {};
  for (const { schema, name, type, wr } of db.prepare("pragma table_list").all()) {
    if (schema !== "main" || type !== "table" || name.startsWith("sqlite_")) continue;
    if (!wr) marks[name] = db.prepare(`select coalesce(max(rowid), 0) as m from "${name}"`).get().m;
    else if (!(name in ADDED_WITHOUT_ROWID))
      throw new Error(`scaling.mjs does not know which rows of ${name} (WITHOUT ROWID) a measurement adds`);
  }
  return marks;
}

/**
 * engine.mjs's method on an existing database: ingest `events`, then time `drain()` until every
 * run completed; also the drain's CPU time and bytes written, to tell work from waiting.
 * The rows it added are deleted afterwards, so each repeat starts from the level.
 */
async function measureAt(file, events) {
  const before = new Database(file);
  const marks = rowidMarks(before);
  before.close();
  const store = openSqliteStore(file);
  const transport = new RecordingTransport();
  const engine = new Engine({ store, transports: { email: transport, http: transport } });
  await engine.load([TENANT]);
  await ingestFiveStep(engine, events, { tenantId: TENANT, label: "Measured" });
  const written = bytesWritten();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await engine.drain();
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const writtenKiB = written === undefined ? undefined : (bytesWritten() - written) / 1024;
  await engine.close();
  await store.close();
  const db = new Database(file);
  const { n } = db
    .prepare("select count(*) as n from runs where rowid > ? and status = 'completed'")
    .get(marks.runs);
  db.transaction(() => {
    for (const [table, mark] of Object.entries(marks))
      db.prepare(`delete from "${table}" where rowid > ?`).run(mark);
    for (const [table, added] of Object.entries(ADDED_WITHOUT_ROWID))
      db.prepare(`delete from "${table}" where ${added}`).run();
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  if (n !== events) throw new Error(`only ${n} of ${events} runs completed at ${path.basename(file)}`);
  return {
    runsPerSecond: events / seconds,
    cpuMsPerRun: (user + system) / 1000 / events,
    writtenKiBPerRun: writtenKiB === undefined ? null : writtenKiB / events,
  };
}

/**
 * Five-step runs/s with `levels` runs already stored (each a multiple of `seed`), `events` measured
 * per repeat, levels interleaved in each repeat so drift hits them alike. Ratio: last ÷ first level.
 */
export async function benchScaling({
  levels = [1_000, 10_000, 100_000],
  seed = 1_000,
  events = 1_000,
  repeats = 5,
} = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-bench-scaling-"));
  try {
    const seedFile = await seedDatabase(dir, seed);
    const files = [];
    const stored = [];
    for (const level of levels) {
      if (level % seed !== 0) throw new Error(`level ${level} is not a multiple of the seed (${seed})`);
      const file = path.join(dir, `level-${level}.db`);
      copyFileSync(seedFile, file);
      stored.push(cloneRows(file, level / seed - 1));
      files.push(file);
    }
    const rates = levels.map(() => []);
    for (let r = 0; r < repeats; r++)
      for (let i = 0; i < levels.length; i++) rates[i].push(await measureAt(files[i], events));
    const medianOf = (i, key) => median(rates[i].map((r) => r[key]));
    const perLevel = levels.map((level, i) => ({
      storedRuns: level,
      runsPerSecond: Math.round(medianOf(i, "runsPerSecond")),
      cpuMsPerRun: Number(medianOf(i, "cpuMsPerRun").toFixed(2)),
      writtenKiBPerRun:
        rates[i][0].writtenKiBPerRun === null ? null : Math.round(medianOf(i, "writtenKiBPerRun")),
      storedRows: stored[i],
    }));
    const first = medianOf(0, "runsPerSecond");
    const last = medianOf(levels.length - 1, "runsPerSecond");
    return {
      measuredEventsPerRepeat: events,
      levels: perLevel,
      lastVsFirst: Number((last / first).toFixed(3)),
      repeats,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
