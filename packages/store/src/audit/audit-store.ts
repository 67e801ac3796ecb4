/**
 * One act worth a permanent trail: who did what to which object, when, and what it touched.
 * `detail` is any JSON; by convention `{ diff?, scope?: { entities?, fields?, regions? }, ... }`
 * (see docs/audit.md).
 */
export interface AuditEntryInput {
  readonly tenantId: string;
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly version?: number | null;
  readonly detail: unknown;
  /** Epoch milliseconds; defaults to now. */
  readonly at?: number;
}

/** The fields an entry's hash covers (everything but the hashes themselves), with `detail` parsed. */
export interface HashedContent {
  readonly tenantId: string;
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly version: number | null;
  readonly detail: unknown;
}

/** A stored audit entry: its place in the tenant's chain, its predecessor's hash and its own. */
export interface AuditEntry extends HashedContent {
  readonly prevHash: string;
  readonly hash: string;
}

/** Why a chain failed verification; see `verifyChain` in chain.ts. */
export type AuditFailure = "altered" | "missing" | "reordered" | "bad-link";

/** The outcome of recomputing a tenant's chain: intact, or the first entry that is not. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly headHash: string }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly firstBadSeq: number;
      readonly reason: AuditFailure;
      readonly message: string;
    };

/**
 * The append-only, hash-chained audit log. Entries are only ever appended; `verify` recomputes
 * the chain from the stored rows and names the first entry that was changed, removed or moved.
 */
export interface AuditStore {
  /** Appends an entry to the tenant's chain in one immediate transaction, so appenders never fork it. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  /** The tenant's entries in chain order, after `afterSeq` (exclusive), at most `limit` (default 1000). */
  list(tenantId: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  /** Recomputes the tenant's whole chain and checks it against the recorded chain head. */
  verify(tenantId: string): Promise<AuditVerification>;
}
