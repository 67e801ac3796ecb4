/**
 * A write refused because what it was based on changed: another worker committed the run first,
 * or the record was updated since the step read it. Expected when several workers share a store;
 * the run carries on from what is stored on its next claim.
 */
export class StoreConflict extends Error {
  constructor(
    readonly code: "store/run-changed" | "store/record-changed",
    message: string,
  ) {
    super(message);
    this.name = "StoreConflict";
  }
}

/** Whether a batch failure (or any error) is a `StoreConflict`. */
export function isStoreConflict(error: unknown): error is StoreConflict {
  return error instanceof StoreConflict;
}
