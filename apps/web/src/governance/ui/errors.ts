import { ApiError } from "../../api/client";

/** What a page shows for a failed request: the server's message and hint, and its code. */
export interface ErrorView {
  readonly status: number | null;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** Turns anything thrown by `api()` (or the network) into an {@link ErrorView}. Pure. */
export function describeError(error: unknown): ErrorView {
  if (error instanceof ApiError)
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: null,
    code: "network",
    message: `The server could not be reached: ${message}`,
    hint: "Check your connection and try again.",
  };
}

/** True when the server does not offer the endpoint at all (an older server). */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.code === "no-such-endpoint";
}
