import { storeContract } from "../contract.js";
import { openSqliteStore } from "./sqlite-store.js";

storeContract("SQLite", () => openSqliteStore(":memory:"));
