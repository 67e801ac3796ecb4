// PostgreSQL may abort a transaction that did nothing wrong: a deadlock between two processes
// committing steps that touch the same rows in different orders, or a serialization failure.
// SQLite never does (one writer at a time), so the store retries rather than pass it on.

import { sqlState } from "./errors.js";

/** deadlock_detected and serialization_failure: the transaction was rolled back whole. */
const TRANSIENT = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

/** Runs a whole transaction, again (up to three times in all) if PostgreSQL aborted it as transient. */
export async function retryTransient<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      const code = sqlState(error);
      if (attempt >= ATTEMPTS || code === undefined || !TRANSIENT.has(code)) throw error;
    }
  }
}
