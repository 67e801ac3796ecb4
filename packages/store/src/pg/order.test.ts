import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../sqlite/sqlite-store.js";
import type { Store } from "../store.js";
import { runRow } from "../testing.js";
import { openPgStore } from "./pg-store.js";
import { unmigratedDatabase } from "./testing.js";

// The engine's order of work follows the order the store returns rows in, so PostgreSQL must give
// SQLite's order even where SQLite's comes from its storage rather than from an ORDER BY.

async function bothDialects(): Promise<[Store, Store]> {
  // en-US puts "a" < "b" < "B"; SQLite's BINARY collation gives "B" < "a" < "b".
  const pg = await openPgStore(await unmigratedDatabase({ icuLocale: "en-US" }));
  return [pg, openSqliteStore(":memory:")];
}

const run = (id: string) => runRow(id, { eventId: id, state: {} });

describe("PostgreSQL row order", () => {
  it("sorts ids byte by byte as SQLite does, even in a database whose locale sorts otherwise", async () => {
    const [pg, sqlite] = await bothDialects();
    for (const store of [pg, sqlite])
      for (const id of ["b", "B", "a", "_x"]) await store.ensureTenant(id, id);
    expect(await pg.listTenants()).toEqual(await sqlite.listTenants());
    await Promise.all([pg.close(), sqlite.close()]);
  });

  it("returns rows that tie in the order they were inserted, as SQLite does", async () => {
    const [pg, sqlite] = await bothDialects();
    const ids = ["r5", "r1", "r9", "r3", "r7", "r2"];
    const order = async (store: Store) => {
      await store.startRuns(null, ids.map(run));
      // Updates move a PostgreSQL row physically (these touch an indexed column, so they cannot be
      // made in place); they must not move it in the order.
      await store.commit({ run: { ...run("r5"), status: "waiting" } });
      await store.commit({ run: run("r5") });
      const timers = ids.map((id) => ({
        id: `t-${id}`,
        tenantId: "t1",
        runId: "r0",
        tokenId: id,
        purpose: "wait" as const,
        dueAt: 5,
      }));
      await store.commit({ run: run("r0"), timers });
      return {
        running: (await store.runsWithStatus("running", 10)).map((r) => r.id),
        claimed: (await store.claimRuns({ owner: "w", now: 1, until: 9 }, 4)).map((r) => r.id),
        due: (await store.dueTimers(10, 10)).map((x) => x.id),
        timers: (await store.claimTimers({ owner: "w", now: 10, until: 20 }, 3)).map((x) => x.id),
      };
    };
    expect(await order(pg)).toEqual(await order(sqlite));
    await Promise.all([pg.close(), sqlite.close()]);
  });
});
