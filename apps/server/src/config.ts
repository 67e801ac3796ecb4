import os from "node:os";
import path from "node:path";

/** Server settings, from the environment (see the README). */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * `DATABASE_URL`: a `postgres://` URL makes API servers and workers share one PostgreSQL
   * database (docs/deploy.md); unset, the embedded SQLite file in `dataDir` is the store.
   */
  readonly databaseUrl?: string | undefined;
  /** `all` (default): serve the API and run workflows; `api`: serve only, workers run them. */
  readonly role?: "all" | "api";
  /** This process's name when it claims work in a shared database (default host-pid). */
  readonly workerId?: string;
  /** How long a claim lasts before another worker may take the work over (ms, default 30 s). */
  readonly leaseMs?: number;
  readonly logLevel: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** `send`: deliver e-mail and HTTP calls; `record` (default): keep them in the outbox, marked recorded. */
  readonly outbound: "send" | "record";
  /**
   * The clock of the engine, the lifecycle and the routes; Date.now unless a test passes one (to
   * move time past a shadow run's minimum duration). Never read from the environment.
   */
  readonly clock?: () => number;
}

/** Reads the settings; a malformed value is a clear startup error, not a silent default. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), not '${env.PORT}'.`);
  }
  return {
    host: env.HOST ?? "127.0.0.1",
    port,
    dataDir: path.resolve(cwd, env.SWITCHYARD_DATA ?? "data"),
    databaseUrl: databaseUrl(env.DATABASE_URL),
    role: role(env.SWITCHYARD_ROLE),
    workerId: env.SWITCHYARD_WORKER_ID || defaultWorkerId(),
    leaseMs: leaseMs(env.SWITCHYARD_LEASE_MS),
    logLevel: env.LOG_LEVEL ?? "info",
    smtpUrl: env.SWITCHYARD_SMTP_URL || undefined,
    mailFrom: env.SWITCHYARD_MAIL_FROM ?? "switchyard@localhost",
    outbound: outbound(env.SWITCHYARD_OUTBOUND),
  };
}

/** A process's default name when claiming work: its host and process id. */
export function defaultWorkerId(): string {
  return `${os.hostname()}-${process.pid}`;
}

function databaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^postgres(ql)?:\/\//i.test(value))
    throw new Error(
      `DATABASE_URL must be a postgres:// or postgresql:// URL, not '${value}'. Leave it unset for the embedded SQLite store in SWITCHYARD_DATA.`,
    );
  return value;
}

function leaseMs(value: string | undefined): number {
  if (value === undefined || value === "") return 30_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1_000)
    throw new Error(
      `SWITCHYARD_LEASE_MS must be a whole number of milliseconds, at least 1000, not '${value}'.`,
    );
  return ms;
}

function role(value: string | undefined): "all" | "api" {
  if (value === undefined || value === "" || value === "all") return "all";
  if (value === "api") return "api";
  throw new Error(
    `SWITCHYARD_ROLE must be 'all' (serve the API and run workflows) or 'api' (serve only; run 'switchyard worker' processes), not '${value}'.`,
  );
}

function outbound(value: string | undefined): "send" | "record" {
  if (value === undefined || value === "" || value === "record") return "record";
  if (value === "send") return "send";
  throw new Error(`SWITCHYARD_OUTBOUND must be 'send' or 'record', not '${value}'.`);
}
