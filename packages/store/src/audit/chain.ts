import { createHash } from "node:crypto";
import type { AuditFailure, AuditVerification, HashedContent } from "./audit-store.js";

export type { HashedContent };

/** The `prevHash` of a tenant's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** An audit row as stored: `detail` is the JSON text exactly as it sits in the database. */
export interface AuditRow {
  readonly tenantId: string;
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly version: number | null;
  readonly detail: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** What the store records beside the rows, in the same transaction: how long the chain is and its last seq. */
export interface ChainHead {
  readonly count: number;
  readonly lastSeq: number;
}

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth, so equal values always give
 * the same text. Follows JSON.stringify for everything else (undefined members dropped, `toJSON`).
 */
export function canonicalJson(value: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? "null");
  return canonical(plain);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonical(member)}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `sha256(prevHash + "\n" + canonicalJson(content))` as lowercase hex. */
export function entryHash(prevHash: string, content: HashedContent): string {
  const { tenantId, seq, at, actor, action, object, version, detail } = content;
  const text = canonicalJson({ tenantId, seq, at, actor, action, object, version, detail });
  return createHash("sha256").update(`${prevHash}\n${text}`).digest("hex");
}

/** The hash a stored row should carry, given its own `prevHash`; undefined if its detail is not JSON. */
function rowHash(row: AuditRow, seq = row.seq): string | undefined {
  let detail: unknown;
  try {
    detail = JSON.parse(row.detail);
  } catch {
    return undefined;
  }
  return entryHash(row.prevHash, { ...row, seq, detail });
}

/**
 * Recomputes a tenant's chain from its rows (any order; checked in seq order) and names the first
 * bad entry. Each row's hash must match its content and `prevHash`, and each `prevHash` must be its
 * predecessor's hash (genesis for the first). With `head`, the chain must also be as long as the
 * store recorded, which is what reveals a removed newest entry. Pure: no clock, no database.
 */
export function verifyChain(rows: readonly AuditRow[], head?: ChainHead): AuditVerification {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const hashes = new Map(sorted.map((row) => [row.hash, row.seq]));
  const fail = (seq: number, reason: AuditFailure, message: string): AuditVerification => ({
    ok: false,
    entries: sorted.length,
    firstBadSeq: seq,
    reason,
    message,
  });
  let previous: AuditRow | undefined;
  for (const row of sorted) {
    if (rowHash(row) !== row.hash) {
      const home = sorted.find((other) => other.seq !== row.seq && rowHash(row, other.seq) === row.hash);
      return home
        ? fail(
            row.seq,
            "reordered",
            `entry ${row.seq} holds entry ${home.seq}'s content: rows were reordered`,
          )
        : fail(row.seq, "altered", `entry ${row.seq} was altered: its content no longer matches its hash`);
    }
    const expected = previous?.hash ?? GENESIS_HASH;
    if (row.prevHash !== expected) {
      const linkedSeq = hashes.get(row.prevHash);
      if (linkedSeq !== undefined || (row.prevHash === GENESIS_HASH && previous))
        return fail(
          row.seq,
          "reordered",
          `entry ${row.seq} was written after ${linkedSeq === undefined ? "the chain's start" : `entry ${linkedSeq}`}, not after ${previous ? `entry ${previous.seq}` : "the chain's start"}: rows were reordered`,
        );
      if (!previous)
        return fail(
          row.seq,
          "missing",
          `the entries before entry ${row.seq}, the first remaining, are missing`,
        );
      if (row.seq > previous.seq + 1)
        return fail(
          row.seq,
          "missing",
          `an entry between entries ${previous.seq} and ${row.seq} is missing: entry ${row.seq} does not link to entry ${previous.seq}`,
        );
      return fail(
        row.seq,
        "bad-link",
        `entry ${row.seq} does not link to entry ${previous.seq}: entry ${previous.seq} was rewritten`,
      );
    }
    previous = row;
  }
  if (head && head.count > sorted.length) {
    const lastSeen = previous?.seq ?? 0;
    const seq = head.lastSeq > lastSeen ? head.lastSeq : lastSeen + 1;
    return fail(
      seq,
      "missing",
      `entry ${seq} is missing: the chain head records ${head.count} entries but ${sorted.length} remain (the newest were deleted)`,
    );
  }
  if (head && head.count < sorted.length) {
    const extra = sorted[head.count];
    if (extra)
      return fail(
        extra.seq,
        "bad-link",
        `entry ${extra.seq} lies beyond the recorded chain head (${head.count} entries): it was not appended by Switchyard`,
      );
  }
  return { ok: true, entries: sorted.length, headHash: previous?.hash ?? GENESIS_HASH };
}
