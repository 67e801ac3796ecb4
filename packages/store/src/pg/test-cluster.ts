import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, a server on a free
// port of 127.0.0.1 with durability off (fsync=off: a crash only loses test data), and cheap fresh
// databases cloned from a migrated template. Test-only; not exported by the package.

const run = promisify(execFile);

/** The user initdb creates; trust authentication, so the URL needs no password. */
const SUPERUSER = "switchyard";

/** Thrown when the PostgreSQL server binaries are not installed; the PG tests need them. */
export class PostgresNotInstalledError extends Error {
  readonly code = "STORE_POSTGRES_NOT_INSTALLED";
  readonly hint = "Install Debian's `postgresql` package (apt-get install postgresql), as .ci/run does.";

  constructor(searched: string) {
    super(`The PostgreSQL tests need initdb, pg_ctl and postgres, found in none of ${searched}.`);
    this.name = "PostgresNotInstalledError";
  }
}

/** A running throwaway cluster: a superuser URL to its `postgres` database, and how to end it. */
export interface TestCluster {
  readonly url: string;
  stop(): Promise<void>;
}

/** The directory holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/<n>/bin, else PATH. */
export function findPostgresBin(): string {
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(path.join(debian, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const searched = [
    ...versions.map((v) => path.join(debian, v, "bin")),
    ...(process.env.PATH ?? "").split(":"),
  ];
  const bin = searched.find(
    (dir) => dir && ["initdb", "pg_ctl", "postgres"].every((b) => existsSync(path.join(dir, b))),
  );
  if (!bin)
    throw new PostgresNotInstalledError(versions.length ? searched.join(", ") : `${debian}/*/bin or PATH`);
  return bin;
}

/**
 * Starts a fresh cluster. initdb refuses to run as root, so under uid 0 the cluster belongs to
 * the `postgres` OS user (which Debian's package creates) and its commands run through runuser.
 */
export async function startTestCluster(): Promise<TestCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const pgCommand = async (name: string, args: readonly string[]) => {
    const file = path.join(bin, name);
    return asRoot ? run("runuser", ["-u", "postgres", "--", file, ...args]) : run(file, [...args]);
  };
  if (asRoot) {
    const [uid, gid] = await Promise.all([
      run("id", ["-u", "postgres"]),
      run("id", ["-g", "postgres"]),
    ]).catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        "initdb refuses to run as root and there is no `postgres` OS user to run it as: install " +
          "Debian's `postgresql` package (which creates it) or run the tests as another user.",
        { cause: error },
      );
    });
    chownSync(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  const port = await freePort();
  try {
    await pgCommand("initdb", [
      "-D",
      data,
      "--auth=trust",
      "-U",
      SUPERUSER,
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      // Every test store has its own small pool; parallel test files add up.
      "-c max_connections=300",
    ].join(" ");
    await pgCommand("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    async stop() {
      await pgCommand("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a database in the cluster at `clusterUrl` and returns its URL: a copy of `template` if
 * given (which must have no open connections), or an empty one, sorting text by the ICU locale
 * `icuLocale` if given. Copying a migrated template takes milliseconds, so every test can have
 * its own database.
 */
export async function createDatabase(
  clusterUrl: string,
  options: { name?: string; template?: string; icuLocale?: string } = {},
): Promise<string> {
  const name = options.name ?? `switchyard_${randomUUID().replaceAll("-", "")}`;
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    const from = options.template ? ` TEMPLATE ${client.escapeIdentifier(options.template)}` : "";
    const locale = options.icuLocale
      ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE ${client.escapeLiteral(options.icuLocale)}`
      : "";
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}${locale}`);
  } finally {
    await client.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(address)));
    });
  });
}
