import type { Request } from "express";
import { HttpError } from "../errors.js";
import { safeEqual } from "./secrets.js";

/** The header a session-authenticated unsafe request must carry, with the session's CSRF token. */
export const CSRF_HEADER = "X-CSRF-Token";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether a method changes state (and so needs CSRF protection when a cookie authenticates it). */
export function isUnsafeMethod(method: string): boolean {
  return UNSAFE.has(method.toUpperCase());
}

/**
 * Checks the synchronizer token of a session-authenticated request: unsafe methods must send
 * `X-CSRF-Token` equal to the session's token (compared in constant time), else 403 `csrf`.
 * A cross-site page can make the browser send the cookie, but cannot read the token to send it.
 * API-token calls are not checked: a browser never attaches a bearer token on its own.
 */
export function verifyCsrf(req: Request, sessionToken: string): void {
  if (!isUnsafeMethod(req.method)) return;
  const sent = req.get(CSRF_HEADER);
  if (sent !== undefined && safeEqual(sent, sessionToken)) return;
  throw new HttpError(
    403,
    "csrf",
    sent === undefined
      ? `This request changes data and is authenticated by a session cookie, so it needs the ${CSRF_HEADER} header.`
      : `The ${CSRF_HEADER} header does not match this session.`,
    "Send the csrfToken that POST /api/auth/login (or GET /api/auth/me) returned, in the X-CSRF-Token header.",
  );
}
