import type { Store } from "@switchyard/store";
import type { Principal } from "./principal.js";

/**
 * How long an API token's principal is reused without asking the store again. Changes made through
 * this process (revoking a token, disabling a user, changing roles, region or manager) clear the
 * cache at once; this bound is for changes made by another process on the same database.
 */
export const PRINCIPAL_TTL_MS = 1000;

/** What a token resolved to: who it acts as, and when its use was last recorded. */
export interface CachedPrincipal {
  readonly principal: Principal;
  readonly tokenId: string;
  /** The token's `lastUsedAt` as last read or written; `touchToken` runs again once it is stale. */
  lastUsedAt: number | null;
}

/**
 * API-token principals by token hash, each kept for `ttlMs` of real (monotonic) time. Only tokens
 * that resolved to a principal are kept: an unknown or revoked token is looked up every time.
 * `clear()` forgets everything, and also voids look-ups that were in flight when it ran, so a
 * revocation can never be overwritten by an answer read before it.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { readonly value: CachedPrincipal; readonly until: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs = PRINCIPAL_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
    private readonly maxEntries = 10_000,
  ) {}

  /** The live entry for a token hash; undefined when there is none or it has expired. */
  get(tokenHash: string): CachedPrincipal | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (this.clock() < entry.until) return entry.value;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** A mark to hand back to `set`: a `clear()` after it makes that `set` a no-op. */
  begin(): number {
    return this.generation;
  }

  /** Keeps an entry, unless the cache was cleared since `begin()` returned `mark`. */
  set(tokenHash: string, value: CachedPrincipal, mark: number): void {
    if (mark !== this.generation || this.ttlMs <= 0) return;
    // A bound, not an LRU: entries live a second, so a full cache is refilled at once.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(tokenHash, { value, until: this.clock() + this.ttlMs });
  }

  /** Forgets every entry and voids look-ups in flight. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

const caches = new WeakMap<Store, PrincipalCache>();

/** The principal cache of a store (one per store, shared by every app serving it in this process). */
export function principalCacheOf(store: Store): PrincipalCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new PrincipalCache();
    caches.set(store, cache);
  }
  return cache;
}

/**
 * Call after any change to who a token acts as — a token revoked, a user created, disabled or
 * re-enabled, their roles, region, manager or membership changed — so this process answers from
 * the store again at once.
 */
export function forgetPrincipals(store: Store): void {
  caches.get(store)?.clear();
}
