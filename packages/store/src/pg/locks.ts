import { type SQL, sql } from "drizzle-orm";

// Work that must not interleave across processes (version numbering, the audit chain, record
// creation, migrations) is serialized with PostgreSQL advisory locks. The two-key form keeps each
// purpose in its own namespace; the second key hashes the locked object's name. A hash collision
// only makes two unrelated objects wait for each other, never lets two writers in at once.

/** The first advisory-lock key: what kind of object is locked. */
export const LockPurpose = {
  migrations: 1,
  definitionVersions: 2,
  auditChain: 3,
  record: 4,
} as const;

/** Unit separator: no id contains it, so joined parts cannot alias each other. */
const SEPARATOR = "\u001f";

/**
 * Takes an exclusive advisory lock until the surrounding transaction ends (commit or rollback),
 * so a crashed holder can never leave it behind.
 */
export function transactionLock(purpose: number, ...parts: readonly string[]): SQL {
  return sql`select pg_advisory_xact_lock(${purpose}::int, hashtext(${parts.join(SEPARATOR)}))`;
}
