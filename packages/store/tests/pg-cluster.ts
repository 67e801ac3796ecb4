import type { TestProject } from "vitest/node";
import { openPgStore } from "../src/pg/pg-store.js";
import { PostgresNotInstalledError, createDatabase, startTestCluster } from "../src/pg/test-cluster.js";
import type {} from "../src/pg/testing.js";

// Global setup of the store project: one throwaway PostgreSQL cluster for the whole run, with a
// template database migrated once; each PG test store then gets a copy (src/pg/testing.ts).

const TEMPLATE = "switchyard_template";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  let cluster;
  try {
    cluster = await startTestCluster();
  } catch (error) {
    if (!(error instanceof PostgresNotInstalledError)) throw error;
    // The SQLite tests still run; every PG test fails with this message instead of being skipped.
    project.provide("pgCluster", { missing: `${error.message} ${error.hint}` });
    return undefined;
  }
  const running = cluster;
  try {
    const store = await openPgStore(await createDatabase(running.url, { name: TEMPLATE }));
    await store.close();
  } catch (error) {
    await running.stop();
    throw error;
  }
  project.provide("pgCluster", { url: running.url, template: TEMPLATE });
  return () => running.stop();
}
