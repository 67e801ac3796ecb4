import path from "node:path";

/** Server settings, from the environment (see the README). */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
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
    logLevel: env.LOG_LEVEL ?? "info",
    smtpUrl: env.SWITCHYARD_SMTP_URL || undefined,
    mailFrom: env.SWITCHYARD_MAIL_FROM ?? "switchyard@localhost",
    outbound: outbound(env.SWITCHYARD_OUTBOUND),
  };
}

function outbound(value: string | undefined): "send" | "record" {
  if (value === undefined || value === "" || value === "record") return "record";
  if (value === "send") return "send";
  throw new Error(`SWITCHYARD_OUTBOUND must be 'send' or 'record', not '${value}'.`);
}
