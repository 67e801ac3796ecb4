import type { Engine } from "@switchyard/runtime";
import type { Logger } from "pino";

/** The background worker that drives the engine: busy while there is work, resting when idle. */
export interface EngineLoop {
  /** Ask for a tick soon (after an event is ingested), instead of waiting for the idle timer. */
  kick(): void;
  /** Finishes the tick in progress and stops. */
  stop(): Promise<void>;
}

/**
 * Runs `engine.tick()` in a loop. Work is picked up within `idleMs` (timers, schedules, outbox
 * retries) or at once after `kick()`. A failing tick is logged and retried; it never stops the loop.
 */
export function startEngineLoop(engine: Engine, logger: Logger, idleMs = 250): EngineLoop {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let done = 0;
      try {
        done = await engine.tick();
      } catch (error) {
        logger.error({ err: error }, "engine tick failed; retrying");
      }
      if (done === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  })();
  return {
    kick: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
