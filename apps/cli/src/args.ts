import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./io.js";
import { ServerClient } from "./remote/client.js";
import { serverTarget } from "./remote/target.js";

/** The flags that point a command at a server instead of the local files or store. */
export const SERVER_OPTIONS = { server: { type: "string" }, token: { type: "string" } } as const;

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses a command's arguments strictly; an unknown or malformed flag is a usage error (exit 2). */
export function parse<const T extends Options>(
  args: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message.replace(/\. To specify.*$/, "") : String(error),
    );
  }
}

/**
 * A client for the server a remote-only command talks to (`--server`/`--token`, or
 * SWITCHYARD_SERVER/SWITCHYARD_TOKEN); a usage error when none is given.
 */
export function requireServer(
  command: string,
  flags: { server?: string | undefined; token?: string | undefined },
): ServerClient {
  const target = serverTarget(flags, process.env);
  if (!target)
    throw new UsageError(
      `'${command}' acts on a server: give --server URL and --token T (or SWITCHYARD_SERVER and SWITCHYARD_TOKEN).`,
      "Example: switchyard " + command + " … --server http://127.0.0.1:3000 --token sy_…",
    );
  return new ServerClient(target);
}

/** A whole number of at least `min` given to `flag`, or a usage error. */
export function wholeNumber(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min)
    throw new UsageError(`${flag} takes a whole number of at least ${min}.`);
  return n;
}

/** Exactly the positional arguments a command takes, named for the message; otherwise a usage error. */
export function positionalsOf(command: string, given: readonly string[], names: readonly string[]): string[] {
  if (given.length !== names.length)
    throw new UsageError(
      `'${command}' takes ${names.length === 0 ? "no arguments" : names.join(" ")}; got ${given.length === 0 ? "none" : `'${given.join(" ")}'`}.`,
    );
  return [...given];
}
