import { randomBytes } from "node:crypto";
import type { ApiTokenRow, Store } from "@switchyard/store";
import { principalCacheOf } from "./principal-cache.js";
import type { Principal } from "./principal.js";
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
 * The principal a bearer credential acts as, through the store's principal cache (a look-up per
 * token per `PRINCIPAL_TTL_MS`, and at once after `forgetPrincipals`); undefined when the
 * credential is malformed, unknown or revoked, or its user is disabled or left the tenant. Records
 * the token's use (`lastUsedAt`, at most once a minute), cached or not.
 */
export async function tokenPrincipal(
  store: Store,
  token: string,
  now: number,
  load: (row: ApiTokenRow) => Promise<Principal | undefined>,
): Promise<Principal | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const tokenHash = sha256(token);
  const cache = principalCacheOf(store);
  const hit = cache.get(tokenHash);
  if (hit) {
    if (isStale(hit.lastUsedAt, now)) {
      hit.lastUsedAt = now;
      await store.auth.touchToken(hit.tokenId, now);
    }
    return hit.principal;
  }
  const mark = cache.begin();
  const row = await store.auth.findToken(tokenHash);
  if (!row || row.revokedAt !== null) return undefined;
  const lastUsedAt = await touchIfStale(store, row, now);
  const principal = await load(row);
  if (principal) cache.set(tokenHash, { principal, tokenId: row.id, lastUsedAt }, mark);
  return principal;
}

const isStale = (lastUsedAt: number | null, now: number) =>
  lastUsedAt === null || now - lastUsedAt >= TOUCH_AFTER_MS;

/** Records a token's use when the last record is stale; returns its `lastUsedAt` afterwards. */
async function touchIfStale(store: Store, row: ApiTokenRow, now: number): Promise<number | null> {
  if (!isStale(row.lastUsedAt, now)) return row.lastUsedAt;
  await store.auth.touchToken(row.id, now);
  return now;
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
