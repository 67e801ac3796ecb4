import { pgStoreFactory } from "../pg/testing.js";
import { governanceContract } from "./contract.js";

governanceContract("PostgreSQL", pgStoreFactory());
