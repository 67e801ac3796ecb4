import { describe, expect, it } from "vitest";
import pg from "pg";
import { openPgStore } from "../pg/pg-store.js";
import { freshDatabase, pgStoreFactory } from "../pg/testing.js";
import { auditContract } from "./contract.js";

auditContract("PostgreSQL", pgStoreFactory());

describe("PostgreSQL audit log", () => {
  it("detects a row edited in the database", async () => {
    const url = await freshDatabase();
    const store = await openPgStore(url);
    const entries = [];
    for (let n = 1; n <= 3; n++)
      entries.push(
        await store.audit.append({ tenantId: "t1", actor: "a", action: "x", object: "o", detail: { n } }),
      );
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query("UPDATE audit_entries SET actor = 'mallory' WHERE seq = $1", [entries[1]?.seq]);
    await raw.end();
    expect(await store.audit.verify("t1")).toMatchObject({
      ok: false,
      reason: "altered",
      firstBadSeq: entries[1]?.seq,
    });
    await store.close();
  });
});
