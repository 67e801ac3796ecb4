/**
 * The error family for things that are thrown rather than reported as diagnostics.
 * Identity is by `code`, not `instanceof`, so errors keep their meaning across worker threads and
 * the sandbox boundary.
 */
export type ErrorCategory = "user" | "operational" | "bug";

/** Base of every error Switchyard throws: a stable code, an actionable message and a hint. */
export class SwitchyardError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly hint: string;

  constructor(
    code: string,
    message: string,
    options: { category?: ErrorCategory; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SwitchyardError";
    this.code = code;
    this.category = options.category ?? "user";
    this.hint = options.hint ?? "";
  }
}

/** True for any error with a Switchyard code, even one rebuilt on the far side of a thread. */
export function isSwitchyardError(value: unknown): value is SwitchyardError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { category?: unknown }).category === "string"
  );
}
