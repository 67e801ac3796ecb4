import { openSqliteStore } from "../sqlite/sqlite-store.js";
import { governanceContract } from "./contract.js";

governanceContract("SQLite", () => openSqliteStore(":memory:"));
