import { openPgStore } from "./pg/pg-store.js";
import { openSqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/**
 * Opens the store at `location`: a `postgres://` or `postgresql://` URL opens the PostgreSQL
 * dialect (for several worker processes sharing one database); anything else is a SQLite file
 * path (":memory:" included). Migrations are applied either way.
 */
export async function openStore(location: string): Promise<Store> {
  return POSTGRES_URL.test(location) ? openPgStore(location) : openSqliteStore(location);
}
