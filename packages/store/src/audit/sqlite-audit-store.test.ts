import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../sqlite/sqlite-store.js";
import { auditContract } from "./contract.js";

auditContract("SQLite", () => openSqliteStore(":memory:"));

describe("SQLite audit log on disk", () => {
  it("detects a row edited in the database file", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-audit-")), "store.db");
    const store = openSqliteStore(file);
    const entries = [];
    for (let n = 1; n <= 3; n++)
      entries.push(
        await store.audit.append({ tenantId: "t1", actor: "a", action: "x", object: "o", detail: { n } }),
      );
    await store.close();
    const copy = `${file}.copy`;
    copyFileSync(file, copy);
    const raw = new Database(copy);
    raw.prepare("UPDATE audit_entries SET actor = 'mallory' WHERE seq = ?").run(entries[1]?.seq);
    raw.close();
    const tampered = openSqliteStore(copy);
    expect(await tampered.audit.verify("t1")).toMatchObject({
      ok: false,
      reason: "altered",
      firstBadSeq: entries[1]?.seq,
    });
    await tampered.close();
  });

  it("keeps one chain when two connections to the same file append in turn", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-audit-")), "store.db");
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    for (let n = 0; n < 10; n++)
      await (n % 2 === 0 ? a : b).audit.append({
        tenantId: "t1",
        actor: "a",
        action: "x",
        object: "o",
        detail: n,
      });
    const entries = await a.audit.list("t1");
    expect(entries.slice(1).every((e, i) => e.prevHash === entries[i]?.hash)).toBe(true);
    expect(await b.audit.verify("t1")).toMatchObject({ ok: true, entries: 10 });
    await a.close();
    await b.close();
  });
});
