import { storeContract } from "../contract.js";
import { pgStoreFactory } from "./testing.js";

storeContract("PostgreSQL", pgStoreFactory());
