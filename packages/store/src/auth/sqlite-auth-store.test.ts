import { openSqliteStore } from "../sqlite/sqlite-store.js";
import { authStoreContract } from "./contract.js";

authStoreContract("SQLite", () => openSqliteStore(":memory:"));
