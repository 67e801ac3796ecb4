import { openPgStore, openSqliteStore, type Store } from "@switchyard/store";
import { createDatabase } from "@switchyard/store/testing";
import { inject } from "vitest";

// The store the engine-level tests run on: in-memory SQLite, or (project runtime-pg, with
// SWITCHYARD_TEST_STORE=pg) a fresh database in the throwaway PostgreSQL cluster the store
// package's global setup starts.

declare module "vitest" {
  export interface ProvidedContext {
    pgCluster: { readonly url: string; readonly template: string } | { readonly missing: string };
  }
}

/** Which dialect this test run uses. */
export const TEST_DIALECT: "sqlite" | "pg" = process.env.SWITCHYARD_TEST_STORE === "pg" ? "pg" : "sqlite";

/** A fresh, empty, migrated store of the run's dialect. */
export async function openTestStore(): Promise<Store> {
  if (TEST_DIALECT === "sqlite") return openSqliteStore(":memory:");
  const cluster = inject("pgCluster");
  if ("missing" in cluster) throw new Error(cluster.missing);
  return openPgStore(await createDatabase(cluster.url, { template: cluster.template }));
}
