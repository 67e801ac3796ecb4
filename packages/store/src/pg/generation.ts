import { eq, sql } from "drizzle-orm";
import { GENERATION_KEY } from "../generation.js";
import type { Queryable } from "./db.js";
import * as t from "./schema.js";

/** Counts one change a worker caches for the tenant (see Store.configGenerations); in the caller's transaction. */
export async function bumpGeneration(db: Queryable, tenantId: string): Promise<void> {
  await db
    .insert(t.counters)
    .values({ tenantId, key: GENERATION_KEY, value: 1 })
    .onConflictDoUpdate({
      target: [t.counters.tenantId, t.counters.key],
      set: { value: sql`${t.counters.value} + 1` },
    });
}

export async function readGenerations(db: Queryable): Promise<Map<string, number>> {
  const rows = await db
    .select({ tenantId: t.counters.tenantId, value: t.counters.value })
    .from(t.counters)
    .where(eq(t.counters.key, GENERATION_KEY));
  return new Map(rows.map((r) => [r.tenantId, r.value]));
}
