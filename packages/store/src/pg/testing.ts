import { afterAll, inject } from "vitest";
import type { Store } from "../store.js";
import { openPgStore } from "./pg-store.js";
import { createDatabase } from "./test-cluster.js";

// The PostgreSQL test files' side of the throwaway cluster that tests/pg-cluster.ts starts once
// per run. Test-only; not exported by the package.

/** What the global setup provides: the cluster and its migrated template, or why there is none. */
export type PgClusterInfo =
  { readonly url: string; readonly template: string } | { readonly missing: string };

declare module "vitest" {
  export interface ProvidedContext {
    pgCluster: PgClusterInfo;
  }
}

/** The URL of a new, migrated, empty database; fails with the setup's reason when PostgreSQL is absent. */
export async function freshDatabase(): Promise<string> {
  const { url, template } = cluster();
  return createDatabase(url, { template });
}

/**
 * The URL of a new database with no tables at all, not even drizzle's migration log; with
 * `icuLocale`, its default collation is that ICU locale's (like a production database's).
 */
export async function unmigratedDatabase(options: { icuLocale?: string } = {}): Promise<string> {
  return createDatabase(cluster().url, options);
}

function cluster(): { url: string; template: string } {
  const info = inject("pgCluster");
  // Fail (never skip) every PostgreSQL test, saying what to install.
  if ("missing" in info) throw new Error(info.missing);
  return info;
}

/**
 * A factory for the contract suites: each call opens a store on its own fresh database. Stores
 * the tests leave open are closed after the file, so their pools never keep vitest waiting.
 */
export function pgStoreFactory(): () => Promise<Store> {
  const opened: Store[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });
  return async () => {
    const store = await openPgStore(await freshDatabase());
    opened.push(store);
    return store;
  };
}
