import { describe, expect, it } from "vitest";
import type { Store } from "../store.js";
import type { ApiTokenRow, MembershipRow, SessionRow, UserRow } from "./auth-store.js";

/**
 * The auth behaviour every dialect must show, run by each dialect's test file with a factory for
 * a fresh, empty store.
 */
export function authStoreContract(name: string, open: () => Promise<Store> | Store): void {
  const user = (id: string, over: Partial<UserRow> = {}): UserRow => ({
    id,
    username: id,
    displayName: `User ${id}`,
    passwordHash: `$scrypt$hash-of-${id}`,
    createdAt: 1,
    disabled: false,
    ...over,
  });
  const place = (tenantId: string, over: Partial<MembershipRow> = {}): Omit<MembershipRow, "userId"> => ({
    tenantId,
    roles: ["viewer"],
    region: null,
    managerId: null,
    ...over,
  });
  const session = (idHash: string, over: Partial<SessionRow> = {}): SessionRow => ({
    idHash,
    userId: "u1",
    tenantId: "t1",
    csrfToken: `csrf-${idHash}`,
    createdAt: 10,
    expiresAt: 100,
    lastSeenAt: 10,
    ...over,
  });
  const token = (id: string, over: Partial<ApiTokenRow> = {}): ApiTokenRow => ({
    id,
    tokenHash: `hash-${id}`,
    name: `token ${id}`,
    userId: "u1",
    tenantId: "t1",
    createdAt: 10,
    lastUsedAt: null,
    revokedAt: null,
    ...over,
  });
  /** A store with tenants t1 and t2 and user u1 (a viewer in t1). */
  const withUser = async () => {
    const store = await open();
    await store.ensureTenant("t1", "Tenant one");
    await store.ensureTenant("t2", "Tenant two");
    await store.auth.createUser(user("u1"), place("t1"));
    return store;
  };

  describe(`${name} auth store`, () => {
    it("creates a user with a membership and refuses a second user with the same username", async () => {
      const store = await withUser();
      const again = await store.auth.createUser(user("u2", { username: "u1" }), place("t2"));
      expect(again).toBe(false);
      expect(await store.auth.getUser("u2")).toBeUndefined();
      expect(await store.auth.memberships("u2")).toEqual([]);
      expect(await store.auth.findUser("u1")).toEqual(user("u1"));
      await store.close();
    });

    it("keeps a user's memberships in several tenants apart", async () => {
      const store = await withUser();
      const added = await store.auth.addMembership({ ...place("t2", { roles: ["it-admin"] }), userId: "u1" });
      const duplicate = await store.auth.addMembership({ ...place("t2"), userId: "u1" });
      expect([added, duplicate]).toEqual([true, false]);
      expect((await store.auth.memberships("u1")).map((m) => [m.tenantId, m.roles])).toEqual([
        ["t1", ["viewer"]],
        ["t2", ["it-admin"]],
      ]);
      expect((await store.auth.getMember("t2", "u1"))?.membership.roles).toEqual(["it-admin"]);
      await store.close();
    });

    it("does not show a user to a tenant they do not belong to", async () => {
      const store = await withUser();
      expect(await store.auth.getMember("t2", "u1")).toBeUndefined();
      expect(await store.auth.listMembers("t2")).toEqual([]);
      expect(await store.auth.updateMember("t2", "u1", { roles: ["it-admin"] })).toBe(false);
      expect((await store.auth.getMember("t1", "u1"))?.membership.roles).toEqual(["viewer"]);
      await store.close();
    });

    it("finds subordinates through every level of reporting, and survives a cycle", async () => {
      const store = await withUser();
      await store.auth.createUser(user("u2"), place("t1", { managerId: "u1" }));
      await store.auth.createUser(user("u3"), place("t1", { managerId: "u2" }));
      await store.auth.createUser(user("u4"), place("t2", { managerId: "u1" }));
      await store.auth.updateMember("t1", "u1", { managerId: "u3" });
      expect(await store.auth.subordinates("t1", "u1")).toEqual(["u2", "u3"]);
      expect(await store.auth.subordinates("t1", "u3")).toEqual(["u1", "u2"]);
      await store.close();
    });

    it("updates account and membership fields together, leaving absent fields alone", async () => {
      const store = await withUser();
      await store.auth.updateMember("t1", "u1", {
        displayName: "New name",
        roles: ["approver"],
        region: "east",
      });
      await store.auth.updateMember("t1", "u1", { region: null });
      const member = await store.auth.getMember("t1", "u1");
      expect(member?.user).toMatchObject({ displayName: "New name", passwordHash: "$scrypt$hash-of-u1" });
      expect(member?.membership).toEqual({
        tenantId: "t1",
        userId: "u1",
        roles: ["approver"],
        region: null,
        managerId: null,
      });
      await store.close();
    });

    it("ends a user's sessions when their password changes or they are disabled", async () => {
      const store = await withUser();
      await store.auth.createSession(session("s1"));
      await store.auth.updateMember("t1", "u1", { displayName: "Renamed" });
      expect(await store.auth.getSession("s1")).toBeDefined();
      await store.auth.updateMember("t1", "u1", { passwordHash: "$scrypt$new" });
      expect(await store.auth.getSession("s1")).toBeUndefined();
      await store.auth.createSession(session("s2"));
      await store.auth.updateMember("t1", "u1", { disabled: true });
      expect(await store.auth.getSession("s2")).toBeUndefined();
      expect((await store.auth.getUser("u1"))?.disabled).toBe(true);
      await store.close();
    });

    it("slides a session's expiry and removes expired sessions", async () => {
      const store = await withUser();
      await store.auth.createSession(session("s1"));
      await store.auth.createSession(session("s2", { expiresAt: 50 }));
      expect(await store.auth.touchSession("s1", 60, 160)).toBe(true);
      expect(await store.auth.touchSession("gone", 60, 160)).toBe(false);
      expect(await store.auth.deleteExpiredSessions(100)).toBe(1);
      expect(await store.auth.getSession("s1")).toEqual(session("s1", { lastSeenAt: 60, expiresAt: 160 }));
      expect(await store.auth.getSession("s2")).toBeUndefined();
      await store.auth.deleteSession("s1");
      expect(await store.auth.getSession("s1")).toBeUndefined();
      await store.close();
    });

    it("revokes only the owner's token in its tenant, once", async () => {
      const store = await withUser();
      await store.auth.createUser(user("u2"), place("t1"));
      await store.auth.createToken(token("k1"));
      expect(await store.auth.revokeToken("t1", "u2", "k1", 20)).toBe(false);
      expect(await store.auth.revokeToken("t2", "u1", "k1", 20)).toBe(false);
      expect((await store.auth.findToken("hash-k1"))?.revokedAt).toBeNull();
      expect(await store.auth.revokeToken("t1", "u1", "k1", 20)).toBe(true);
      expect(await store.auth.revokeToken("t1", "u1", "k1", 30)).toBe(true);
      expect((await store.auth.findToken("hash-k1"))?.revokedAt).toBe(20);
      await store.close();
    });

    it("lists a user's tokens in one tenant, newest first, and records their last use", async () => {
      const store = await withUser();
      await store.auth.addMembership({ ...place("t2"), userId: "u1" });
      await store.auth.createToken(token("k1"));
      await store.auth.createToken(token("k2", { createdAt: 11 }));
      await store.auth.createToken(token("k3", { tenantId: "t2" }));
      await store.auth.touchToken("k1", 42);
      const listed = await store.auth.listTokens("t1", "u1");
      expect(listed.map((t) => [t.id, t.lastUsedAt])).toEqual([
        ["k2", null],
        ["k1", 42],
      ]);
      await store.close();
    });
  });
}
