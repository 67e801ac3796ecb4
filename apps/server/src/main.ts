import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import {
  Engine,
  httpTransport,
  Lifecycle,
  RecordingTransport,
  smtpTransport,
  type Transports,
} from "@switchyard/runtime";
import { openStore, type Store } from "@switchyard/store";
import { type Logger, pino } from "pino";
import { createRequestListener } from "./app.js";
import { createUser } from "./auth/users.js";
import { defaultWorkerId, readConfig, type ServerConfig } from "./config.js";
import type { ServerContext } from "./context.js";
import { type EngineLoop, startEngineLoop } from "./engine-loop.js";
import { type SeedResult, seedDemo } from "./seed/seed.js";

/** A running server: its address, and how to stop it cleanly. */
export interface RunningServer {
  readonly url: string;
  readonly seeded: SeedResult | undefined;
  close(): Promise<void>;
}

/** The PostgreSQL database at DATABASE_URL could not be opened; says where (never the password) and why. */
export class DatabaseUnreachable extends Error {
  readonly code = "store/unreachable";
  readonly hint =
    "Check that PostgreSQL is running and that DATABASE_URL's host, port, user, password and database are right (docs/deploy.md).";
  constructor(url: string, cause: unknown) {
    let where = "DATABASE_URL";
    try {
      const u = new URL(url);
      where = `${u.hostname}:${u.port || "5432"}${u.pathname}`;
    } catch {
      // A URL that does not parse is named only by its variable.
    }
    super(
      `Cannot open the database at ${where}: ${cause instanceof Error ? cause.message : String(cause)}.`,
      {
        cause,
      },
    );
    this.name = "DatabaseUnreachable";
  }
}

/** The configured store: PostgreSQL at `DATABASE_URL`, else the embedded SQLite file in the data directory. */
export async function openConfiguredStore(config: ServerConfig): Promise<Store> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    return openStore(url).catch((error: unknown) => {
      throw new DatabaseUnreachable(url, error);
    });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openStore(path.join(config.dataDir, "switchyard.db"));
}

/**
 * The engine of an API server or worker: only whitelisted components run (the seed whitelists the
 * built-ins and examples). On a shared database each process claims work under its own name.
 */
export function configuredEngine(
  config: ServerConfig,
  store: Store,
  logger: Logger,
  shared = config.databaseUrl !== undefined,
): Engine {
  return new Engine({
    store,
    transports: transports(config, logger),
    enforceWhitelist: true,
    clock: config.clock ?? Date.now,
    // Alone on its store, an engine restarted under the same name takes its claims straight back.
    workerId: shared ? (config.workerId ?? defaultWorkerId()) : "local",
    leaseMs: config.leaseMs,
  });
}

export function transports(config: ServerConfig, logger: Logger): Transports {
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
 * Starts Switchyard: opens (and on first start, seeds) the store, starts the engine loop (unless
 * `role` is `api`: workers run the workflows) and the HTTP server.
 */
export async function startServer(
  config: ServerConfig = readConfig(),
  logger: Logger = pino({ level: config.logLevel }),
): Promise<RunningServer> {
  const store = await openConfiguredStore(config);
  const tenants = await store.listTenants();
  const firstStart = tenants.length === 0;
  const clock = config.clock ?? Date.now;
  const engine = configuredEngine(config, store, logger);
  await engine.load(tenants);
  const lifecycle = new Lifecycle({ engine, store, clock, drive: "loop" });
  const base: ServerContext = { store, engine, lifecycle, now: clock, logger };
  const seeded = firstStart ? await seedDemo(base, (input) => createUser(store, input)) : undefined;
  const loop: EngineLoop =
    config.role !== "api" ? startEngineLoop(engine, logger) : { kick() {}, async stop() {} };
  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer(createRequestListener({ ...base, kick: loop.kick }));
    s.once("error", reject);
    s.listen(config.port, config.host, () => resolve(s));
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
