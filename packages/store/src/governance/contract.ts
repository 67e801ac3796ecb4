import { describe, expect, it } from "vitest";
import type { Store } from "../store.js";

/** The governance store's behaviour, for every dialect. */
export function governanceContract(name: string, open: () => Promise<Store> | Store): void {
  describe(`${name} governance store`, () => {
    const withTenant = async () => {
      const store = await open();
      await store.ensureTenant("t1", "T1");
      return store;
    };

    it("records a shadow session and its end", async () => {
      const store = await withTenant();
      await store.governance.startShadow({
        tenantId: "t1",
        workflowId: "w",
        version: 2,
        startedAt: 1000,
        startedBy: "ana",
      });
      await store.governance.stopShadow("t1", "w", 2, 5000);
      expect(await store.governance.getShadowSession("t1", "w", 2)).toEqual({
        tenantId: "t1",
        workflowId: "w",
        version: 2,
        startedAt: 1000,
        startedBy: "ana",
        stoppedAt: 5000,
      });
      expect(await store.governance.getShadowSession("t1", "w", 3)).toBeUndefined();
    });

    it("keeps one decision per approver and version, the latest", async () => {
      const store = await withTenant();
      const base = { tenantId: "t1", kind: "workflow", definitionId: "w", version: 2, comment: null };
      await store.governance.putApproval({ ...base, approver: "bo", decision: "rejected", at: 1 });
      await store.governance.putApproval({ ...base, approver: "bo", decision: "approved", at: 2 });
      await store.governance.putApproval({ ...base, approver: "cy", decision: "approved", at: 3 });
      const list = await store.governance.approvals("t1", "workflow", "w", 2);
      expect(list.map((a) => [a.approver, a.decision])).toEqual([
        ["bo", "approved"],
        ["cy", "approved"],
      ]);
    });

    it("counts a breaker's window, ignoring repeated subjects and old observations", async () => {
      const store = await withTenant();
      const key = "workflow:w@1";
      const at = (subject: string, outcome: "ok" | "error" | "anomaly", t: number, detail?: string) => ({
        tenantId: "t1",
        key,
        subject,
        outcome,
        at: t,
        detail: detail ?? null,
      });
      await store.governance.recordOutcomes([
        at("r0", "error", 10, "old"),
        at("r1", "ok", 100),
        at("r2", "error", 110, "step/failed"),
        at("r3", "anomaly", 120, "too_high"),
        at("r4", "anomaly", 130, "too_high"),
      ]);
      await store.governance.recordOutcomes([at("r1", "error", 140, "repeat is ignored")]);
      expect(await store.governance.outcomesSince("t1", key, 100)).toEqual({
        total: 4,
        errors: 1,
        anomalies: 2,
        reasons: [
          { detail: "anomaly too_high", count: 2 },
          { detail: "error step/failed", count: 1 },
        ],
      });
    });

    it("stores breaker states", async () => {
      const store = await withTenant();
      const row = {
        tenantId: "t1",
        key: "workflow:w@1",
        state: "open" as const,
        reason: "6 of 20 runs failed",
        detail: { errors: 6 },
        openedAt: 5,
        updatedAt: 5,
      };
      await store.governance.putBreaker(row);
      await store.governance.putBreaker({ ...row, state: "closed", updatedAt: 9 });
      expect(await store.governance.getBreaker("t1", "workflow:w@1")).toEqual({
        ...row,
        state: "closed",
        updatedAt: 9,
      });
      expect(await store.governance.listBreakers("t1")).toHaveLength(1);
    });

    it("moves a breaker only from the state the mover saw: one of several concurrent trips wins", async () => {
      const store = await withTenant();
      const closed = {
        tenantId: "t1",
        key: "workflow:w@2",
        state: "closed" as const,
        reason: null,
        detail: null,
        openedAt: null,
        updatedAt: 1,
      };
      const open = {
        ...closed,
        state: "open" as const,
        reason: "too many errors",
        openedAt: 7,
        updatedAt: 7,
      };
      // No row yet: the first trip creates it, a second one (from the same view) finds it there.
      expect(await store.governance.moveBreaker(open, null)).toBe(true);
      expect(await store.governance.moveBreaker({ ...open, updatedAt: 8 }, null)).toBe(false);
      // From a stale view nothing moves; from the current one it does.
      const probe = { ...open, state: "half-open" as const, updatedAt: 9 };
      expect(await store.governance.moveBreaker(probe, { state: "closed", updatedAt: 1 })).toBe(false);
      expect(await store.governance.moveBreaker(probe, { state: "open", updatedAt: 7 })).toBe(true);
      expect(await store.governance.getBreaker("t1", "workflow:w@2")).toEqual(probe);
    });

    it("adds, replaces and removes whitelist entries", async () => {
      const store = await withTenant();
      const entry = {
        tenantId: "t1",
        componentId: "acme.score",
        version: "1.0.0",
        contentHash: "abc",
        owner: "it@acme.example",
        callsPerMinute: 60,
        addedBy: "ivy",
        addedAt: 1,
      };
      await store.governance.putWhitelist(entry);
      await store.governance.putWhitelist({ ...entry, callsPerMinute: null, addedAt: 2 });
      expect(await store.governance.listWhitelist("t1")).toEqual([
        { ...entry, callsPerMinute: null, addedAt: 2 },
      ]);
      expect(await store.governance.removeWhitelist("t1", "acme.score", "1.0.0")).toBe(true);
      expect(await store.governance.removeWhitelist("t1", "acme.score", "1.0.0")).toBe(false);
      expect(await store.governance.listWhitelist("t1")).toEqual([]);
    });

    it("counts every change a worker caches in the tenant's generation, and nothing else", async () => {
      const store = await withTenant();
      const generation = async () => (await store.configGenerations()).get("t1") ?? 0;
      const steps: [string, () => Promise<unknown>][] = [
        [
          "publish",
          () =>
            store.publishVersion({
              tenantId: "t1",
              kind: "workflow",
              definitionId: "wf",
              source: "",
              body: {},
              status: "draft",
              createdBy: "me",
            }),
        ],
        ["status", () => store.setVersionStatus("t1", "workflow", "wf", 1, "live")],
        [
          "breaker",
          () =>
            store.governance.putBreaker({
              tenantId: "t1",
              key: "k",
              state: "open",
              reason: null,
              detail: null,
              openedAt: 1,
              updatedAt: 1,
            }),
        ],
        [
          "move",
          () =>
            store.governance.moveBreaker(
              {
                tenantId: "t1",
                key: "k",
                state: "closed",
                reason: null,
                detail: null,
                openedAt: null,
                updatedAt: 2,
              },
              { state: "open", updatedAt: 1 },
            ),
        ],
        [
          "whitelist",
          () =>
            store.governance.putWhitelist({
              tenantId: "t1",
              componentId: "c",
              version: "1.0.0",
              contentHash: "h",
              owner: "o",
              callsPerMinute: null,
              addedBy: "ivy",
              addedAt: 1,
            }),
        ],
        ["unlist", () => store.governance.removeWhitelist("t1", "c", "1.0.0")],
      ];
      const seen: [string, number][] = [];
      for (const [name, change] of steps) {
        const before = await generation();
        await change();
        seen.push([name, (await generation()) - before]);
      }
      expect(seen).toEqual(steps.map(([name]) => [name, 1]));
      // A move that loses its race, removing what is not there, and runtime counters change nothing.
      const before = await generation();
      await store.governance.moveBreaker(
        { tenantId: "t1", key: "k", state: "open", reason: null, detail: null, openedAt: 3, updatedAt: 3 },
        { state: "open", updatedAt: 1 },
      );
      await store.governance.removeWhitelist("t1", "c", "1.0.0");
      await store.nextCounter("t1", "quota:c@1.0.0:1");
      expect(await generation()).toBe(before);
      expect((await store.configGenerations()).has("t2")).toBe(false);
    });
  });
}
