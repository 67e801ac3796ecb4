import type { Engine, Lifecycle } from "@switchyard/runtime";
import type { Store } from "@switchyard/store";
import type { Logger } from "pino";

/**
 * What the routes share: one store, one engine, the governed lifecycle built on it, a clock and a
 * logger. Passed in, so tests control them.
 */
export interface ServerContext {
  readonly store: Store;
  readonly engine: Engine;
  /** Publish → shadow → sign-off → promote, rollback, breakers and the whitelist (one per server). */
  readonly lifecycle: Lifecycle;
  readonly now: () => number;
  readonly logger: Logger;
  /** Ask the engine loop to look for work now (after an event is ingested); a no-op in tests. */
  readonly kick?: () => void;
}
