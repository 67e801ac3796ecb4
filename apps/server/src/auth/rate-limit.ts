import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { HttpError } from "../errors.js";

/** The window failed logins are counted in. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window for one IP address and username; the next gets 429. */
export const LOGIN_FAILURES_PER_USERNAME = 5;
/** Failed logins allowed per window from one IP address across usernames (password spraying). */
export const LOGIN_FAILURES_PER_IP = 50;

/**
 * The login throttles, in memory (one process): failed attempts (any 4xx/5xx answer) count,
 * successful ones do not. Over the limit the answer is 429 `rate-limited` with `Retry-After`.
 * Each call makes fresh counters, so every app (and every test) has its own.
 */
export function loginRateLimits(): RequestHandler[] {
  const limiter = (limit: number, key: (req: Request) => string) =>
    rateLimit({
      windowMs: LOGIN_WINDOW_MS,
      limit,
      skipSuccessfulRequests: true,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      keyGenerator: key,
      handler: (_req, _res, next) =>
        next(
          new HttpError(
            429,
            "rate-limited",
            "Too many failed sign-in attempts. Wait before trying again.",
            "The Retry-After header says how many seconds to wait.",
          ),
        ),
    });
  const ip = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");
  return [
    limiter(LOGIN_FAILURES_PER_IP, ip),
    limiter(LOGIN_FAILURES_PER_USERNAME, (req) => `${ip(req)}|${usernameOf(req)}`),
  ];
}

function usernameOf(req: Request): string {
  const username: unknown = (req.body as { username?: unknown } | undefined)?.username;
  return typeof username === "string" ? username.slice(0, 100).toLowerCase() : "";
}
