import { describe, expect, it } from "vitest";
import type { Store } from "../store.js";
import { GENESIS_HASH } from "./chain.js";

/**
 * The audit log's behaviour every dialect must show; each dialect's test calls it with a factory
 * for a fresh, empty store. Tampering with stored rows is dialect-specific and tested beside it.
 */
export function auditContract(name: string, open: () => Promise<Store> | Store): void {
  const entry = (tenantId: string, n: number) => ({
    tenantId,
    actor: `user-${n}`,
    action: "workflow.publish",
    object: "workflow:lead-routing",
    version: n,
    detail: { diff: { added: [`step-${n}`] }, scope: { entities: ["lead"], regions: ["eu"] } },
    at: 1_000 + n,
  });

  describe(`${name} audit log`, () => {
    it("chains each tenant's entries from the genesis hash", async () => {
      const store = await open();
      const first = await store.audit.append(entry("t1", 1));
      const second = await store.audit.append(entry("t1", 2));
      const other = await store.audit.append(entry("t2", 1));
      expect(first.prevHash).toBe(GENESIS_HASH);
      expect(second.prevHash).toBe(first.hash);
      expect(other.prevHash).toBe(GENESIS_HASH);
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("lists entries in order with their detail, after a seq and up to a limit", async () => {
      const store = await open();
      const appended = [];
      for (let n = 1; n <= 4; n++) appended.push(await store.audit.append(entry("t1", n)));
      await store.audit.append(entry("t2", 9));
      const all = await store.audit.list("t1");
      expect(all).toEqual(appended);
      expect(all[0]?.detail).toEqual(entry("t1", 1).detail);
      const page = await store.audit.list("t1", { afterSeq: appended[1]?.seq ?? 0, limit: 1 });
      expect(page.map((e) => e.version)).toEqual([3]);
    });

    it("defaults the time to now and the version to null", async () => {
      const store = await open();
      const before = Date.now();
      const appended = await store.audit.append({
        tenantId: "t1",
        actor: "a",
        action: "x",
        object: "o",
        detail: null,
      });
      expect(appended.version).toBeNull();
      expect(appended.at).toBeGreaterThanOrEqual(before);
    });

    it("verifies an intact chain, and an empty one", async () => {
      const store = await open();
      expect(await store.audit.verify("t1")).toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH });
      for (let n = 1; n <= 3; n++) await store.audit.append(entry("t1", n));
      const last = await store.audit.append(entry("t1", 4));
      await store.audit.append(entry("t2", 1));
      expect(await store.audit.verify("t1")).toEqual({ ok: true, entries: 4, headHash: last.hash });
    });

    it("keeps one unforked chain when appends are issued together", async () => {
      const store = await open();
      await Promise.all(Array.from({ length: 20 }, (_, n) => store.audit.append(entry("t1", n))));
      const entries = await store.audit.list("t1");
      expect(new Set(entries.map((e) => e.prevHash)).size).toBe(20);
      expect((await store.audit.verify("t1")).ok).toBe(true);
    });
  });
}
