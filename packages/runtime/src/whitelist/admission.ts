import type { Component } from "@switchyard/definitions";
import type { Store, WhitelistEntry } from "@switchyard/store";
import type { StepError } from "../components/contract.js";
import { componentHash } from "./content-hash.js";

/** Where a refusal leaves the step: a quota refusal may be retried, a whitelist refusal may not. */
export interface Refusal {
  readonly error: StepError;
  readonly retryable: boolean;
}

/**
 * The runtime's side of the whitelist: before a step runs, its component must be on the tenant's
 * list with the same content hash (when enforcement is on), and within its calls-per-minute quota.
 */
export class ComponentAdmission {
  private readonly lists = new Map<string, Map<string, WhitelistEntry>>();
  private readonly hashes = new WeakMap<Component, string>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly enforce: boolean,
  ) {}

  /** Forgets a tenant's cached list (after a whitelist change). */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.lists.clear();
    else this.lists.delete(tenantId);
  }

  /** Shadow runs are checked against the whitelist but never use up the live quota. */
  async admit(
    tenantId: string,
    component: Component,
    mode: "live" | "shadow" = "live",
  ): Promise<Refusal | undefined> {
    const list = await this.list(tenantId);
    const ref = `${component.id}@${component.version}`;
    const entry = list.get(ref);
    if (this.enforce) {
      if (!entry)
        return {
          retryable: false,
          error: {
            code: "component/not-whitelisted",
            message: `Component ${ref} is not on this tenant's whitelist, so it may not run.`,
            hint: "Ask an IT admin to approve it (switchyard whitelist add), or roll back to a version that uses approved components.",
          },
        };
      if (entry.contentHash !== this.hash(component))
        return {
          retryable: false,
          error: {
            code: "component/changed",
            message: `Component ${ref} differs from the approved one (content hash ${this.hash(component).slice(0, 12)}…, approved ${entry.contentHash.slice(0, 12)}…).`,
            hint: "Publish the component under a new version and have IT approve that version.",
          },
        };
    }
    if (entry?.callsPerMinute != null && mode === "live") {
      const minute = Math.floor(this.clock() / 60_000);
      const used = await this.store.nextCounter(tenantId, `quota:${ref}:${minute}`);
      if (used >= entry.callsPerMinute)
        return {
          retryable: true,
          error: {
            code: "component/quota-exceeded",
            message: `Component ${ref} has used its quota of ${entry.callsPerMinute} calls per minute for this tenant.`,
            hint:
              "The step is retried by its onError policy; ask the component's owner " +
              `(${entry.owner}) for a larger quota if this is normal load.`,
          },
        };
    }
    return undefined;
  }

  private hash(component: Component): string {
    let hash = this.hashes.get(component);
    if (!hash) {
      hash = componentHash(component);
      this.hashes.set(component, hash);
    }
    return hash;
  }

  private async list(tenantId: string): Promise<Map<string, WhitelistEntry>> {
    let list = this.lists.get(tenantId);
    if (!list) {
      list = new Map(
        (await this.store.governance.listWhitelist(tenantId)).map((e) => [
          `${e.componentId}@${e.version}`,
          e,
        ]),
      );
      this.lists.set(tenantId, list);
    }
    return list;
  }
}
