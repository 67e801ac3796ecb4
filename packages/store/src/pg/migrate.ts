import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";
import { LockPurpose } from "./locks.js";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../migrations/pg");

/**
 * Applies pending migrations under a session-level advisory lock on one connection, so workers
 * opening the same database at once apply each migration exactly once: the first migrates, the
 * others wait, then find nothing left to do. (drizzle's migrator alone would race on creating
 * its own bookkeeping table and on applying the same migration twice.)
 */
export async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1::int, 0)", [LockPurpose.migrations]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query("select pg_advisory_unlock($1::int, 0)", [LockPurpose.migrations]);
    }
  } finally {
    client.release();
  }
}
