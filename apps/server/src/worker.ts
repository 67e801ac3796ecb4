import type { Logger } from "pino";
import { pino } from "pino";
import { readConfig, type ServerConfig } from "./config.js";
import { startEngineLoop } from "./engine-loop.js";
import { configuredEngine, openConfiguredStore } from "./main.js";

/** A running worker: its name, and how to stop it after the tick in progress. */
export interface RunningWorker {
  readonly workerId: string;
  stop(): Promise<void>;
}

/**
 * Starts a worker: an engine loop with no HTTP server, claiming work in the shared store under
 * `config.workerId`. Every `refreshMs` it rereads the published definitions, breakers and
 * whitelists of the tenants whose configuration changed (API servers change them in other
 * processes), and every `fullRefreshEvery` refreshes those of every tenant. Any number of workers may share
 * one PostgreSQL database; there is no leader (docs/deploy.md).
 */
export async function startWorker(
  config: ServerConfig = readConfig(),
  logger: Logger = pino({ level: config.logLevel }),
  refreshMs = 1_000,
  fullRefreshEvery = 60,
): Promise<RunningWorker> {
  const store = await openConfiguredStore(config);
  const engine = configuredEngine(config, store, logger, true);
  await engine.load(await store.listTenants());
  const loop = startEngineLoop(engine, logger);
  let refreshing = Promise.resolve();
  let refreshes = 0;
  const timer = setInterval(() => {
    refreshes += 1;
    refreshing = engine.refresh({ all: refreshes % fullRefreshEvery === 0 }).catch((error: unknown) => {
      logger.error({ err: error }, "refreshing definitions failed; retrying");
    });
  }, refreshMs);
  logger.info({ workerId: engine.workerId }, "worker started");
  return {
    workerId: engine.workerId,
    async stop() {
      clearInterval(timer);
      await refreshing;
      await loop.stop();
      await engine.close();
      await store.close();
    },
  };
}
