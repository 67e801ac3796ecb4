import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { pgStoreFactory } from "./pg/testing.js";
import { openSqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";
import { runRow } from "./testing.js";
import type { RecordWrite } from "./types.js";

// The leaner write path of a record write (index rows inserted together, no delete when the
// record is new) and the SQLite schema behind it (migrations 0007 and 0008).

const SQLITE_MIGRATIONS = path.resolve(import.meta.dirname, "../migrations/sqlite");

const write = (over: Partial<RecordWrite> & Pick<RecordWrite, "writeKey" | "indexed">): RecordWrite => ({
  entity: "lead",
  id: "L1",
  op: "create",
  data: { n: 1 },
  ...over,
});

const ids = async (store: Store, match: Record<string, string>) =>
  (await store.findRecords("t1", "lead", match, 10)).map((r) => r.id);

function recordIndexBehaviour(name: string, open: () => Promise<Store> | Store): void {
  describe(`${name}: a record's indexed fields`, () => {
    it("are found after a create, and an update replaces them all", async () => {
      const store = await open();
      await store.commit({
        run: runRow("r1"),
        recordWrites: [write({ writeKey: "r1:create", indexed: { phone: "1", tier: "key" } })],
      });
      expect(await ids(store, { phone: "1", tier: "key" })).toEqual(["L1"]);

      await store.commit({
        run: runRow("r1"),
        recordWrites: [write({ op: "update", writeKey: "r1:update", indexed: { phone: "2" } })],
      });
      expect(await ids(store, { phone: "1" })).toEqual([]);
      expect(await ids(store, { tier: "key" })).toEqual([]);
      expect(await ids(store, { phone: "2" })).toEqual(["L1"]);
      await store.close();
    });

    it("are all indexed when there are more than one insert statement takes", async () => {
      const store = await open();
      const indexed = Object.fromEntries(Array.from({ length: 37 }, (_, i) => [`f${i}`, `v${i}`]));
      await store.commit({ run: runRow("r1"), recordWrites: [write({ writeKey: "r1:many", indexed })] });
      for (const field of ["f0", "f15", "f16", "f31", "f32", "f36"])
        expect(await ids(store, { [field]: `v${field.slice(1)}` })).toEqual(["L1"]);
      await store.close();
    });

    it("of a record created again after its deletion are the new ones only", async () => {
      const store = await open();
      const first = write({ writeKey: "api:1", indexed: { phone: "1" } });
      expect(await store.writeRecord("t1", first, "ann")).toBe(true);
      expect(await store.deleteRecord("t1", "lead", "L1")).toBe(true);
      expect(
        await store.writeRecord("t1", { ...first, writeKey: "api:2", indexed: { phone: "2" } }, "ann"),
      ).toBe(true);
      expect(await ids(store, { phone: "1" })).toEqual([]);
      expect(await ids(store, { phone: "2" })).toEqual(["L1"]);
      await store.close();
    });
  });
}

recordIndexBehaviour("SQLite", () => openSqliteStore(":memory:"));
recordIndexBehaviour("PostgreSQL", pgStoreFactory());

/** A migrations folder holding the SQLite migrations up to and including `lastTag`. */
function migrationsUpTo(lastTag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-migrations-"));
  const journal = JSON.parse(readFileSync(path.join(SQLITE_MIGRATIONS, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  const entries = journal.entries.slice(0, last + 1);
  mkdirSync(path.join(dir, "meta"));
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const { tag } of entries)
    cpSync(path.join(SQLITE_MIGRATIONS, `${tag}.sql`), path.join(dir, `${tag}.sql`));
  return dir;
}

/** The details of SQLite's plan for `sql` (parameters bound to placeholders' positions). */
const planOf = (db: Database.Database, sql: string, ...params: unknown[]) =>
  db
    .prepare<unknown[], { detail: string }>(`explain query plan ${sql}`)
    .all(...params)
    .map((r) => r.detail);

describe("SQLite schema from migrations 0007 (one step_executions index) and 0008 (record_fields WITHOUT ROWID)", () => {
  it("keeps the rows stored before, and the store finds them as before", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-migrate-")), "store.db");
    const before = new Database(file);
    migrate(drizzle(before), { migrationsFolder: migrationsUpTo("0006_worker_leases") });
    before.exec(`
      insert into records (tenant_id, entity, id, data, version, created_at, updated_at)
        values ('t1', 'lead', 'L1', '{"phone":"123"}', 1, 1, 1), ('t1', 'lead', 'L2', '{"phone":"9"}', 1, 1, 1);
      insert into record_fields (tenant_id, entity, field, value, record_id)
        values ('t1', 'lead', 'phone', '123', 'L1'), ('t1', 'lead', 'id', 'L1', 'L1'),
               ('t1', 'lead', 'phone', '9', 'L2'), ('t1', 'lead', 'id', 'L2', 'L2');
      insert into step_executions (run_id, step_id, token_id, attempt, status, started_at, finished_at)
        values ('r1', 'b', 't2', 1, 'completed', 2, 2), ('r2', 'x', 't1', 1, 'completed', 1, 1),
               ('r1', 'a', 't1', 1, 'completed', 1, 1);
    `);
    before.close();

    const store = openSqliteStore(file);
    expect(await ids(store, { phone: "123" })).toEqual(["L1"]);
    expect(await ids(store, { id: "L2" })).toEqual(["L2"]);
    expect((await store.stepExecutions("r1")).map((e) => e.stepId)).toEqual(["b", "a"]);
    expect(await store.deleteRecord("t1", "lead", "L1")).toBe(true);
    expect(await ids(store, { id: "L1" })).toEqual([]);
    await store.close();

    const after = new Database(file, { readonly: true });
    const tables = after.prepare<[], { name: string; wr: number }>("pragma table_list").all();
    expect(tables.find((t) => t.name === "record_fields")?.wr).toBe(1);
    expect(after.prepare("select record_id from record_fields").pluck().all()).toEqual(["L2", "L2"]);
    const stepIndexes = after.prepare("pragma index_list(step_executions)").all() as { name: string }[];
    expect(stepIndexes.map((i) => i.name)).toEqual(["step_executions_once"]);
    after.close();
  });

  it("answers the store's look-ups of index rows and step rows from an index", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-plans-")), "store.db");
    await openSqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    const byField = planOf(
      db,
      "select record_id from record_fields where tenant_id = ? and entity = ? and field = ? and value = ?",
      "t1",
      "lead",
      "phone",
      "1",
    );
    const byRecord = planOf(
      db,
      "delete from record_fields where tenant_id = ? and entity = ? and record_id = ?",
      "t1",
      "lead",
      "L1",
    );
    const timeline = planOf(db, "select * from step_executions where run_id = ? order by seq", "r1");
    db.close();
    expect(byField).toEqual([
      expect.stringMatching(/^SEARCH record_fields USING PRIMARY KEY \(.*value=\?\)$/),
    ]);
    expect(byRecord).toEqual([
      expect.stringMatching(/^SEARCH record_fields USING COVERING INDEX record_fields_record/),
    ]);
    expect(timeline[0]).toMatch(/^SEARCH step_executions USING INDEX step_executions_once \(run_id=\?\)$/);
  });
});
