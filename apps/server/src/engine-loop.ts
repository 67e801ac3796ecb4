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
 * retries) or `coalesceMs` after `kick()`: kicks that arrive together wake one tick, so a burst of
 * events is started in one batch instead of one tick (and its polling) per event. A failing tick
 * is logged and retried; it never stops the loop.
 */
export function startEngineLoop(engine: Engine, logger: Logger, idleMs = 250, coalesceMs = 2): EngineLoop {
  let stopped = false;
  /** Ends the current rest early; set only while resting. */
  let wake: (() => void) | undefined;
  /** A kick arrived since the last tick began (events may be waiting). */
  let kicked = false;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));
  const loop = (async () => {
    while (!stopped) {
      kicked = false;
      let done = 0;
      try {
        done = await engine.tick();
      } catch (error) {
        logger.error({ err: error }, "engine tick failed; retrying");
      }
      if (done > 0 || stopped) continue;
      // Kicked during the tick: the event may have missed it, so look again soon.
      await rest(kicked ? coalesceMs : idleMs);
    }
  })();
  return {
    kick() {
      if (kicked) return;
      kicked = true;
      // Resting: wake after a moment, so events arriving together share one tick.
      if (wake) setTimeout(() => wake?.(), coalesceMs);
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
