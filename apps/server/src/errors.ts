import { LifecycleError } from "@switchyard/runtime";
import type { ErrorRequestHandler } from "express";

/** A field-level problem, e.g. one JSON-Schema violation of a record. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An error the API answers with: a status, a stable code, a message the caller can act on, a hint,
 * and field-level details where they apply. Never a stack trace.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint = "",
    readonly details: readonly FieldError[] = [],
    /** Further fields of the error body (e.g. a refused publish's problems), beside `code` and `message`. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * The HTTP status of each lifecycle refusal: the version or shadow asked for does not exist (404),
 * the component named cannot be approved (422), anything else is a conflict with the definition's
 * state (409: gates failed, not in shadow, self-approval, already live, breaker not open, …).
 */
const LIFECYCLE_STATUS: Readonly<Record<string, number>> = {
  "lifecycle/unknown-version": 404,
  "lifecycle/no-shadow": 404,
  "whitelist/not-listed": 404,
  "whitelist/unknown-component": 422,
};

/** A governance act the runtime refused, as the API answers it; `details` of the refusal go in `extra`. */
export function fromLifecycleError(error: LifecycleError): HttpError {
  const extra =
    typeof error.details === "object" && error.details !== null && !Array.isArray(error.details)
      ? (error.details as Record<string, unknown>)
      : {};
  return new HttpError(LIFECYCLE_STATUS[error.code] ?? 409, error.code, error.message, error.hint, [], extra);
}

export const notFound = (what: string) => new HttpError(404, "not-found", `${what} was not found.`);
export const forbidden = (why: string) =>
  new HttpError(403, "forbidden", why, "Ask an IT admin for the role this needs.");
export const unauthenticated = () =>
  new HttpError(
    401,
    "unauthenticated",
    "Sign in first.",
    "Log in at /api/auth/login, or send 'Authorization: Bearer <token>'.",
  );

/** The body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint: string;
    readonly details: readonly FieldError[];
    readonly [more: string]: unknown;
  };
}

/**
 * The last middleware: HttpErrors become their JSON body; body-parser failures (bad JSON, too large)
 * become 400/413; anything else is logged and answered as a 500 without internals.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const body = (
    code: string,
    message: string,
    hint = "",
    details: readonly FieldError[] = [],
    extra: Readonly<Record<string, unknown>> = {},
  ): ErrorBody => ({
    error: { ...extra, code, message, hint, details },
  });
  const known = error instanceof LifecycleError ? fromLifecycleError(error) : error;
  if (known instanceof HttpError) {
    res.status(known.status).json(body(known.code, known.message, known.hint, known.details, known.extra));
    return;
  }
  const type = (error as { type?: string }).type;
  if (type === "entity.parse.failed") {
    res
      .status(400)
      .json(
        body(
          "bad-json",
          "The request body is not valid JSON.",
          "Send a JSON document with Content-Type: application/json.",
        ),
      );
    return;
  }
  if (type === "entity.too.large") {
    res.status(413).json(body("too-large", "The request body is too large.", "Send at most 1 MiB."));
    return;
  }
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    res
      .status(415)
      .json(
        body("unsupported-encoding", "The request body's encoding is not supported.", "Send UTF-8 JSON."),
      );
    return;
  }
  (req as { log?: { error(obj: unknown, msg: string): void } }).log?.error(
    { err: error },
    "unexpected error",
  );
  res
    .status(500)
    .json(
      body(
        "internal",
        "Something went wrong on our side; nothing was changed by this request.",
        "Try again; if it keeps failing, report it with the time of the request.",
      ),
    );
};
