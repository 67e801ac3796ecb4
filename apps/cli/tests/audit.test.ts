import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqliteStore } from "@switchyard/store";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.js";

const run = (args: string[], cwd: string) => runCli(args, cwd);

interface Row {
  seq: number;
  tenant_id: string;
  at: number;
  actor: string;
  action: string;
  object: string;
  version: number | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

let dir: string;
/** Seqs of acme's ten entries, in order; a second tenant's entries are interleaved between them. */
let seqs: number[];

/** A fresh copy of the pristine store file, tampered with by `edit` through SQLite directly. */
function tamperedCopy(name: string, edit: (db: Database.Database) => void): string {
  const file = path.join(dir, `${name}.db`);
  copyFileSync(path.join(dir, "store.db"), file);
  const db = new Database(file);
  edit(db);
  db.close();
  return file;
}

const seqAt = (i: number) => seqs[i] as number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "switchyard-audit-"));
  const store = openSqliteStore(path.join(dir, "store.db"));
  await store.ensureTenant("acme", "Acme");
  await store.ensureTenant("globex", "Globex");
  seqs = [];
  for (let n = 1; n <= 10; n++) {
    const entry = await store.audit.append({
      tenantId: "acme",
      actor: `user-${n}`,
      action: n % 2 ? "workflow.publish" : "workflow.promote",
      object: "workflow:rebate",
      version: n,
      detail: { diff: { changed: [`step-${n}`] }, scope: { entities: ["deal"], regions: ["eu"] } },
      at: 1_700_000_000_000 + n,
    });
    seqs.push(entry.seq);
    if (n % 3 === 0)
      await store.audit.append({
        tenantId: "globex",
        actor: "g",
        action: "role.grant",
        object: "user:x",
        detail: {},
      });
  }
  await store.close();
});

describe("switchyard audit verify (tamper test)", () => {
  it("exits 0 on the untouched file, for every tenant", async () => {
    const result = await run(["audit", "verify", "--db", "store.db"], dir);
    expect(result.stdout).toMatch(/^✓ tenant acme: 10 entries, chain intact \(head [0-9a-f]{64}\)$/m);
    expect(result.stdout).toMatch(/^✓ tenant globex: 3 entries, chain intact/m);
    expect(result.code).toBe(0);
  });

  it("names an entry whose detail was changed", async () => {
    const file = tamperedCopy("detail", (db) =>
      db.prepare(`UPDATE audit_entries SET detail = '{"diff":{}}' WHERE seq = ?`).run(seqAt(4)),
    );
    const result = await run(["audit", "verify", "--db", file], dir);
    expect(result.stdout).toContain(`✗ tenant acme: entry ${seqAt(4)} was altered`);
    expect(result.stdout).toMatch(/^✓ tenant globex/m);
    expect(result.code).toBe(1);
  });

  it("names an entry whose actor was changed", async () => {
    const file = tamperedCopy("actor", (db) =>
      db.prepare("UPDATE audit_entries SET actor = 'mallory' WHERE seq = ?").run(seqAt(6)),
    );
    const result = await run(["audit", "verify", "--db", file, "--tenant", "acme"], dir);
    expect(result.stdout).toContain(`✗ tenant acme: entry ${seqAt(6)} was altered`);
    expect(result.code).toBe(1);
  });

  it("names the entry after a deleted middle row", async () => {
    const file = tamperedCopy("deleted", (db) =>
      db.prepare("DELETE FROM audit_entries WHERE seq = ?").run(seqAt(4)),
    );
    const result = await run(["audit", "verify", "--db", file], dir);
    expect(result.stdout).toContain(
      `✗ tenant acme: an entry between entries ${seqAt(3)} and ${seqAt(5)} is missing: entry ${seqAt(5)} does not link to entry ${seqAt(3)} [missing]`,
    );
    expect(result.code).toBe(1);
  });

  it("names the deleted newest entry, from the recorded chain head", async () => {
    const file = tamperedCopy("truncated", (db) =>
      db.prepare("DELETE FROM audit_entries WHERE seq = ?").run(seqAt(9)),
    );
    const result = await run(["audit", "verify", "--db", file], dir);
    expect(result.stdout).toContain(`✗ tenant acme: entry ${seqAt(9)} is missing`);
    expect(result.code).toBe(1);
  });

  it("names the earlier of two rows whose contents were swapped", async () => {
    const file = tamperedCopy("swapped", (db) => {
      const get = db.prepare<[number], Row>("SELECT * FROM audit_entries WHERE seq = ?");
      const a = get.get(seqAt(2)) as Row;
      const b = get.get(seqAt(7)) as Row;
      const put = db.prepare(
        `UPDATE audit_entries SET at = @at, actor = @actor, action = @action, object = @object,
         version = @version, detail = @detail, prev_hash = @prev_hash, hash = @hash WHERE seq = @target`,
      );
      put.run({ ...b, target: a.seq });
      put.run({ ...a, target: b.seq });
    });
    const result = await run(["audit", "verify", "--db", file, "--json"], dir);
    const report = JSON.parse(result.stdout) as { ok: boolean; tenants: { tenant: string }[] };
    expect(report.ok).toBe(false);
    expect(report.tenants.find((t) => t.tenant === "acme")).toMatchObject({
      ok: false,
      reason: "reordered",
      firstBadSeq: seqAt(2),
    });
    expect(result.code).toBe(1);
  });

  it("refuses a store file that does not exist", async () => {
    const result = await run(["audit", "verify", "--db", "nowhere.db"], dir);
    expect(result.stderr).toContain("There is no store at 'nowhere.db'.");
    expect(result.code).toBe(2);
  });
});

describe("switchyard audit list", () => {
  it("prints one tenant's entries in order", async () => {
    const result = await run(["audit", "list", "--db", "store.db", "--tenant", "acme"], dir);
    expect(result.stdout).toMatch(/^tenant acme: 10 entries$/m);
    expect(result.stdout).toContain(
      `  ${seqAt(0)}  2023-11-14T22:13:20.001Z  user-1  workflow.publish  workflow:rebate v1`,
    );
    expect(result.code).toBe(0);
  });

  it("prints every tenant's entries as JSON", async () => {
    const result = await run(["audit", "list", "--db", "store.db", "--json"], dir);
    const entries = JSON.parse(result.stdout) as { tenantId: string }[];
    expect(entries.filter((e) => e.tenantId === "acme")).toHaveLength(10);
    expect(entries.filter((e) => e.tenantId === "globex")).toHaveLength(3);
  });
});
