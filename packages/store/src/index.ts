/**
 * @switchyard/store — durable storage behind one dialect-neutral interface (`Store`). The embedded
 * default is SQLite (better-sqlite3, WAL); PostgreSQL (node-postgres) serves several worker
 * processes sharing one database. Both go through drizzle-orm; migrations run when a store opens.
 * `openStore` picks the dialect from the location.
 */
export { openStore } from "./open-store.js";
export { openPgStore } from "./pg/pg-store.js";
export { openSqliteStore } from "./sqlite/sqlite-store.js";
export { isStoreConflict, StoreConflict } from "./errors.js";
export type { Store } from "./store.js";
export type {
  AuditEntry,
  AuditEntryInput,
  AuditFailure,
  AuditStore,
  AuditVerification,
} from "./audit/audit-store.js";
export { canonicalJson, GENESIS_HASH, verifyChain } from "./audit/chain.js";
export type { AuditRow, ChainHead } from "./audit/chain.js";
export type {
  ApiTokenRow,
  AuthStore,
  MemberChange,
  MemberRow,
  MembershipRow,
  SessionRow,
  UserRow,
} from "./auth/auth-store.js";
export type {
  Approval,
  BreakerOutcome,
  BreakerRow,
  BreakerState,
  GovernanceStore,
  OutcomeCounts,
  ShadowSession,
  WhitelistEntry,
} from "./governance/governance-store.js";
export type * from "./types.js";
