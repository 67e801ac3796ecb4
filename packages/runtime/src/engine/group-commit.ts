import { type BatchFailure, isStoreConflict, type Store, type StoreWrite } from "@switchyard/store";

/** Store calls that neither read nor change what a staged write changes: no flush needed first. */
const INDEPENDENT_OF_ALL = new Set<PropertyKey>([
  "nextCounter",
  "getVersion",
  "versionsWithStatus",
  "latestVersions",
  "getDraft",
  "listDrafts",
  "listTenants",
  "listWhitelist",
]);
/** …and calls that only a step commit or a delivery can affect, not an event's runs being started. */
const INDEPENDENT_OF_STARTS = new Set<PropertyKey>([
  ...INDEPENDENT_OF_ALL,
  "getRecord",
  "findRecords",
  "listRecords",
  "waitsFor",
  "dueTimers",
  "claimTimers",
  "claimOutbox",
]);
const SUB_STORES = new Set<PropertyKey>(["auth", "audit", "governance"]);

/** Writes of a group commit that the store refused; the tick fails and the runs retry from their last commit. */
export class GroupCommitError extends Error {
  readonly code = "engine/commit-failed";
  constructor(readonly failures: readonly BatchFailure[]) {
    const first = failures.find((f) => f.error !== "skipped") ?? failures[0];
    const cause = first?.error instanceof Error ? first.error.message : String(first?.error);
    super(
      `${failures.length} of the engine's staged writes were not committed (run ${first?.runId ?? "?"}: ${cause}); ` +
        "those runs carry on from their last committed step on the next tick.",
    );
    this.name = "GroupCommitError";
  }
}

/**
 * Group commit for the engine loop: step transitions and started runs are staged and written
 * many per transaction (`Store.writeBatch`). Nothing outside the loop can see a step before its
 * commit (effects leave only through the outbox, read from the store), so deferring the commit
 * loses nothing a crash would not: the run repeats the uncommitted steps, as it would anyway.
 * `store` is the store as the engine sees it: a call first makes staged writes durable, unless
 * it cannot observe them, so every read sees the loop's own writes.
 */
export class GroupCommit {
  readonly store: Store;
  private pending: StoreWrite[] = [];
  /** Staged writes other than started runs (step commits, deliveries). */
  private commitsPending = 0;
  private inflight: Promise<unknown> | undefined;

  constructor(
    private readonly inner: Store,
    private readonly maxBatch = 512,
  ) {
    this.store = this.flushing(inner);
  }

  /** Stages a write; it is durable after the next `flush()` (or store call that needs it). */
  async stage(write: StoreWrite): Promise<void> {
    this.pending.push(write);
    if (write.kind !== "start-runs") this.commitsPending += 1;
    if (this.pending.length >= this.maxBatch) await this.flush();
  }

  /**
   * Writes everything staged, in one transaction. A run another worker moved on meanwhile
   * (`StoreConflict`) is left to the store's version: its later writes are skipped and it is taken
   * up again on a later claim. Any other refusal throws `GroupCommitError`.
   */
  async flush(): Promise<void> {
    while (this.inflight) await this.inflight.catch(() => undefined);
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    this.commitsPending = 0;
    const batch = this.inner.writeBatch(writes);
    this.inflight = batch;
    try {
      const { failures } = await batch;
      const conflicted = new Set(failures.filter((f) => isStoreConflict(f.error)).map((f) => f.runId));
      const errors = failures.filter(
        (f) => !isStoreConflict(f.error) && !(f.error === "skipped" && conflicted.has(f.runId)),
      );
      if (errors.length > 0) throw new GroupCommitError(errors);
    } finally {
      this.inflight = undefined;
    }
  }

  private needsFlush(method: PropertyKey): boolean {
    if (this.pending.length === 0 && !this.inflight) return false;
    return !(this.commitsPending === 0 ? INDEPENDENT_OF_STARTS : INDEPENDENT_OF_ALL).has(method);
  }

  private flushing<T extends object>(target: T): T {
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get: (obj, prop) => {
        const value: unknown = Reflect.get(obj, prop);
        if (SUB_STORES.has(prop) && typeof value === "object" && value !== null) {
          if (!wrapped.has(prop)) wrapped.set(prop, this.flushing(value));
          return wrapped.get(prop);
        }
        if (typeof value !== "function") return value;
        if (!wrapped.has(prop))
          wrapped.set(prop, async (...args: unknown[]) => {
            if (this.needsFlush(prop)) await this.flush();
            return (value as (...a: unknown[]) => unknown).apply(obj, args);
          });
        return wrapped.get(prop);
      },
    });
  }
}
