import { UsageError } from "../io.js";

/** Where a token comes from; printed whenever a server turns one down or none was given. */
export const TOKEN_HINT =
  "Create an API token from a signed-in session: POST /api/auth/login {username, password}, then POST /api/auth/tokens {name} with the session cookie and X-CSRF-Token (docs/security.md, 'API tokens'). Pass it with --token or SWITCHYARD_TOKEN.";

/** A server the CLI talks to: its base URL (ending in `/`) and the API token it sends. */
export interface ServerTarget {
  readonly url: URL;
  readonly token: string;
}

/** The flags that choose between the local store and a server. */
export interface TargetFlags {
  readonly server?: string | undefined;
  readonly token?: string | undefined;
  /** `runs --db PATH`: the local store, even when SWITCHYARD_SERVER is set. */
  readonly db?: string | undefined;
}

/**
 * The server a command talks to — `--server`/`--token`, else `SWITCHYARD_SERVER`/`SWITCHYARD_TOKEN` —
 * or undefined for local mode. A server without a token, or a token without a server, is a usage
 * error, so a command never silently falls back to the local store.
 */
export function serverTarget(flags: TargetFlags, env: NodeJS.ProcessEnv): ServerTarget | undefined {
  if (flags.db !== undefined) {
    if (flags.server !== undefined)
      throw new UsageError(
        "Give --server or --db, not both.",
        "--db reads a local store; --server asks a running server.",
      );
    return undefined;
  }
  const server = flags.server ?? nonEmpty(env.SWITCHYARD_SERVER);
  if (server === undefined) {
    if (flags.token !== undefined)
      throw new UsageError(
        "--token needs --server (or SWITCHYARD_SERVER).",
        "Example: switchyard runs --server http://127.0.0.1:3000 --token sy_…",
      );
    return undefined;
  }
  const token = (flags.token ?? nonEmpty(env.SWITCHYARD_TOKEN))?.trim();
  if (!token)
    throw new UsageError("--server needs an API token (--token T or SWITCHYARD_TOKEN).", TOKEN_HINT);
  // A token read from a file may carry a newline; anything else outside printable ASCII cannot be a token.
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new UsageError("The token has spaces or characters no API token has.", TOKEN_HINT);
  return { url: baseUrl(server), token };
}

function baseUrl(server: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password)
    throw new UsageError(
      `'${server}' is not a server URL.`,
      "Give the server's base URL, e.g. --server http://127.0.0.1:3000.",
    );
  url.search = "";
  url.hash = "";
  // Requests resolve below the base, so a server behind a path prefix (https://host/switchyard) works.
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`;
  return url;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === "" ? undefined : value);
