import { pgStoreFactory } from "../pg/testing.js";
import { authStoreContract } from "./contract.js";

authStoreContract("PostgreSQL", pgStoreFactory());
