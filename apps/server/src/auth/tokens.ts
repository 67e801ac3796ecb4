import { randomBytes } from "node:crypto";
import type { ApiTokenRow, Store } from "@switchyard/store";
import { newSecret, sha256 } from "./secrets.js";

/** API tokens look like `sy_` + 32 random bytes in base64url, so scanners can spot leaked ones. */
export const TOKEN_PREFIX = "sy_";
const TOKEN_SHAPE = /^sy_[A-Za-z0-9_-]{43}$/;
/** How stale `lastUsedAt` may get before a call records a new one (saves a write per call). */
const TOUCH_AFTER_MS = 60 * 1000;

/** A token as its owner sees it when listing: never the secret, never its hash. */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** A newly issued token: the only time its secret is ever shown. */
export interface IssuedToken extends TokenView {
  readonly token: string;
}

/** Issues a token acting as `userId` in `tenantId`; the store keeps only its SHA-256. */
export async function issueToken(
  store: Store,
  owner: { readonly tenantId: string; readonly userId: string; readonly name: string },
  now: number,
): Promise<IssuedToken> {
  const token = `${TOKEN_PREFIX}${newSecret(32)}`;
  const row: ApiTokenRow = {
    id: `tok_${randomBytes(9).toString("base64url")}`,
    tokenHash: sha256(token),
    name: owner.name,
    userId: owner.userId,
    tenantId: owner.tenantId,
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  await store.auth.createToken(row);
  return { ...toTokenView(row), token };
}

/**
 * The unrevoked token a bearer credential names, recording its use; undefined when the
 * credential is malformed, unknown or revoked.
 */
export async function findToken(store: Store, token: string, now: number): Promise<ApiTokenRow | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await store.auth.findToken(sha256(token));
  if (!row || row.revokedAt !== null) return undefined;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_AFTER_MS)
    await store.auth.touchToken(row.id, now);
  return row;
}

/** The listing view of a stored token. */
export function toTokenView(row: ApiTokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
