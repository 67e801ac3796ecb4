import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import {
  Engine,
  httpTransport,
  Lifecycle,
  RecordingTransport,
  smtpTransport,
  type Transports,
} from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import { type Logger, pino } from "pino";
import { createApp } from "./app.js";
import { createUser } from "./auth/users.js";
import { readConfig, type ServerConfig } from "./config.js";
import type { ServerContext } from "./context.js";
import { type EngineLoop, startEngineLoop } from "./engine-loop.js";
import { type SeedResult, seedDemo } from "./seed/seed.js";

/** A running server: its address, and how to stop it cleanly. */
export interface RunningServer {
  readonly url: string;
  readonly seeded: SeedResult | undefined;
  close(): Promise<void>;
}

function transports(config: ServerConfig, logger: Logger): Transports {
  if (config.outbound === "send") {
    return {
      email: config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : new RecordingTransport(),
      http: httpTransport(),
    };
  }
  const recorded = (kind: string) =>
    new RecordingTransport((item) => {
      logger.info(
        { kind, key: item.idempotencyKey },
        `${kind} recorded, not sent (SWITCHYARD_OUTBOUND=send sends it)`,
      );
      return {
        ok: true,
        result: kind === "http" ? { status: 200, body: { recorded: true } } : { recorded: true },
      };
    });
  return { email: recorded("email"), http: recorded("http") };
}

/**
 * Starts Switchyard: opens (and on first start, seeds) the embedded store, starts the engine loop
 * and the HTTP server on 127.0.0.1.
 */
export async function startServer(
  config: ServerConfig = readConfig(),
  logger: Logger = pino({ level: config.logLevel }),
): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, "switchyard.db");
  const firstStart = !existsSync(file);
  const store = openSqliteStore(file);
  const clock = config.clock ?? Date.now;
  // The server runs only whitelisted components; the seed whitelists the built-ins and examples.
  const engine = new Engine({ store, transports: transports(config, logger), enforceWhitelist: true, clock });
  await engine.load(await store.listTenants());
  const lifecycle = new Lifecycle({ engine, store, clock, drive: "loop" });
  const base: ServerContext = { store, engine, lifecycle, now: clock, logger };
  const seeded = firstStart ? await seedDemo(base, (input) => createUser(store, input)) : undefined;
  const loop: EngineLoop = startEngineLoop(engine, logger);
  const app = createApp({ ...base, kick: loop.kick });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  return {
    url,
    seeded,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await loop.stop();
      await engine.close();
      await store.close();
    },
  };
}
