import { DatabaseUnreachable, readConfig, startWorker } from "@switchyard/server";
import { type CliIO, EXIT, UsageError } from "../io.js";

/**
 * `switchyard worker`: runs workflows from the shared store (DATABASE_URL) without serving the API,
 * until SIGTERM or SIGINT; then it finishes the tick in progress and exits 0. Configured from the
 * environment like the server (docs/deploy.md).
 */
export async function workerCommand(io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config;
  try {
    config = readConfig(env, io.cwd);
  } catch (error) {
    throw new UsageError((error as Error).message, "See docs/deploy.md for the worker's settings.");
  }
  if (!config.databaseUrl)
    throw new UsageError(
      "A worker needs DATABASE_URL: workers share one PostgreSQL database with the API servers.",
      "Set DATABASE_URL=postgres://user@host/db (docs/deploy.md). On the embedded SQLite store, 'npm start' runs the workflows itself.",
    );
  let worker;
  try {
    worker = await startWorker(config);
  } catch (error) {
    // Not a bug: the database is down or the URL is wrong. Exit 2, like other connection problems.
    if (error instanceof DatabaseUnreachable) throw new UsageError(error.message, error.hint);
    throw error;
  }
  io.stdout.write(`worker ${worker.workerId} running; stop with Ctrl-C or SIGTERM\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  await worker.stop();
  io.stdout.write(`worker ${worker.workerId} stopped\n`);
  return EXIT.ok;
}
