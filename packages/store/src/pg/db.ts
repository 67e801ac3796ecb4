import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type * as auth from "./auth-schema.js";
import type * as governance from "./governance-schema.js";
import type * as core from "./schema.js";

/** The drizzle handle on a PostgreSQL pool, typed with every pg table. */
export type Db = NodePgDatabase<typeof core & typeof auth & typeof governance>;
/** An open transaction on `Db`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either: helpers that take this run inside the caller's transaction when given one. */
export type Queryable = Db | Tx;
