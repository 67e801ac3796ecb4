import { openSqliteStore, type Store } from "@switchyard/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "./principal.js";
import {
  type CachedPrincipal,
  forgetPrincipals,
  PrincipalCache,
  principalCacheOf,
} from "./principal-cache.js";
import { sha256 } from "./secrets.js";
import { tokenPrincipal } from "./tokens.js";

const principal: Principal = {
  userId: "u1",
  username: "ada",
  tenantId: "acme",
  roles: ["it-admin"],
  region: undefined,
  subordinates: [],
  via: "token",
};
const entry = (): CachedPrincipal => ({ principal, tokenId: "tok_1", lastUsedAt: null });

describe("PrincipalCache", () => {
  it("keeps an entry for its time to live, then forgets it", () => {
    const clock = { now: 0 };
    const cache = new PrincipalCache(1000, () => clock.now);
    cache.set("h", entry(), cache.begin());
    clock.now = 999;
    expect(cache.get("h")?.principal).toBe(principal);
    clock.now = 1000;
    expect(cache.get("h")).toBeUndefined();
  });

  it("drops a look-up that was in flight when it was cleared", () => {
    const cache = new PrincipalCache(1000, () => 0);
    const mark = cache.begin();
    cache.clear();
    cache.set("h", entry(), mark);
    expect(cache.get("h")).toBeUndefined();
    cache.set("h", entry(), cache.begin());
    expect(cache.get("h")).toBeDefined();
  });

  it("never holds more than its bound", () => {
    const cache = new PrincipalCache(1000, () => 0, 2);
    for (const h of ["a", "b", "c"]) cache.set(h, entry(), cache.begin());
    expect([cache.get("a"), cache.get("b"), cache.get("c")].filter(Boolean)).toHaveLength(1);
  });

  it("keeps nothing with a time to live of 0", () => {
    const cache = new PrincipalCache(0, () => 0);
    cache.set("h", entry(), cache.begin());
    expect(cache.get("h")).toBeUndefined();
  });
});

describe("tokenPrincipal", () => {
  const TOKEN = `sy_${"t".repeat(43)}`;
  let store: Store;
  let loads: number;
  const load = async () => {
    loads++;
    return principal;
  };
  beforeEach(async () => {
    store = openSqliteStore(":memory:");
    loads = 0;
    await store.ensureTenant("acme", "Acme");
    await store.auth.createUser(
      { id: "u1", username: "ada", displayName: "Ada", passwordHash: "x", createdAt: 0, disabled: false },
      { tenantId: "acme", roles: ["it-admin"], region: null, managerId: null },
    );
    await store.auth.createToken({
      id: "tok_1",
      tokenHash: sha256(TOKEN),
      name: "ci",
      userId: "u1",
      tenantId: "acme",
      createdAt: 0,
      lastUsedAt: null,
      revokedAt: null,
    });
  });
  afterEach(async () => {
    await store.close();
  });

  it("asks the store once per token while the principal is cached", async () => {
    expect(await tokenPrincipal(store, TOKEN, 1000, load)).toBe(principal);
    expect(await tokenPrincipal(store, TOKEN, 2000, load)).toBe(principal);
    expect(loads).toBe(1);
  });

  it("asks again after forgetPrincipals, and then sees a revocation", async () => {
    await tokenPrincipal(store, TOKEN, 1000, load);
    await store.auth.revokeToken("acme", "u1", "tok_1", 1500);
    forgetPrincipals(store);
    expect(await tokenPrincipal(store, TOKEN, 2000, load)).toBeUndefined();
  });

  it("records a cached token's use once a minute, as an uncached one", async () => {
    const lastUsed = async () => (await store.auth.listTokens("acme", "u1"))[0]?.lastUsedAt;
    await tokenPrincipal(store, TOKEN, 1000, load);
    expect(await lastUsed()).toBe(1000);
    await tokenPrincipal(store, TOKEN, 60_999, load);
    expect(await lastUsed()).toBe(1000);
    await tokenPrincipal(store, TOKEN, 61_000, load);
    expect(await lastUsed()).toBe(61_000);
    expect(loads).toBe(1);
  });

  it("caches neither malformed nor unknown tokens", async () => {
    expect(await tokenPrincipal(store, "sy_short", 0, load)).toBeUndefined();
    expect(await tokenPrincipal(store, `sy_${"u".repeat(43)}`, 0, load)).toBeUndefined();
    expect(principalCacheOf(store).get(sha256(`sy_${"u".repeat(43)}`))).toBeUndefined();
    expect(loads).toBe(0);
  });
});
