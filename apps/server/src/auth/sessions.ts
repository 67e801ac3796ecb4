import type { SessionRow, Store } from "@switchyard/store";
import type { CookieOptions, Request, Response } from "express";
import { newSecret, sha256 } from "./secrets.js";

/** The session cookie's name. Its value is a random 256-bit id; the store keeps only its SHA-256. */
export const SESSION_COOKIE = "sy_session";
/** A session ends after 12 hours without a request (sliding expiry). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and 7 days after sign-in whatever happens, so a stolen cookie does not live for ever. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** How stale `lastSeenAt` may get before a request slides the expiry (saves a write per request). */
const TOUCH_AFTER_MS = 60 * 1000;

/** A new session: the cookie's value (a secret: only the browser keeps it) and its CSRF token. */
export interface StartedSession {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/** Starts a session for a user in a tenant (and sweeps expired sessions while at it). */
export async function startSession(
  store: Store,
  userId: string,
  tenantId: string,
  now: number,
): Promise<StartedSession> {
  await store.auth.deleteExpiredSessions(now);
  const cookie = newSecret();
  const csrfToken = newSecret();
  const expiresAt = now + SESSION_IDLE_MS;
  await store.auth.createSession({
    idHash: sha256(cookie),
    userId,
    tenantId,
    csrfToken,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
  });
  return { cookie, csrfToken, expiresAt };
}

/** A live session found from its cookie; `refreshed` when this request slid its expiry. */
export interface LiveSession {
  readonly row: SessionRow;
  readonly refreshed: boolean;
}

/**
 * The live session a cookie names, sliding its expiry; undefined when there is none or it has
 * expired (an expired session is deleted).
 */
export async function findSession(
  store: Store,
  cookie: string,
  now: number,
): Promise<LiveSession | undefined> {
  const idHash = sha256(cookie);
  const row = await store.auth.getSession(idHash);
  if (!row) return undefined;
  const hardEnd = row.createdAt + SESSION_MAX_AGE_MS;
  if (now >= row.expiresAt || now >= hardEnd) {
    await store.auth.deleteSession(idHash);
    return undefined;
  }
  if (now - row.lastSeenAt < TOUCH_AFTER_MS) return { row, refreshed: false };
  const expiresAt = Math.min(now + SESSION_IDLE_MS, hardEnd);
  if (!(await store.auth.touchSession(idHash, now, expiresAt))) return undefined;
  return { row: { ...row, lastSeenAt: now, expiresAt }, refreshed: true };
}

/** Ends the session a cookie names, if any. */
export async function endSession(store: Store, cookie: string): Promise<void> {
  await store.auth.deleteSession(sha256(cookie));
}

/** The session cookie's value, from cookie-parser's `req.cookies` or else the raw header. */
export function readSessionCookie(req: Request): string | undefined {
  const parsed: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  if (typeof parsed === "string") return parsed;
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeCookie(value.join("="));
  }
  return undefined;
}

function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // Malformed escapes: the raw value simply names no session.
  }
}

/**
 * The cookie's attributes: httpOnly (scripts cannot read it), SameSite=Strict (no cross-site
 * request carries it), Path=/, and Secure when the request came over HTTPS (`req.secure`, which
 * honours Express's `trust proxy` setting behind a TLS-terminating proxy).
 */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: "strict", path: "/", secure: req.secure };
}

/** Sets (or renews) the session cookie to last until `expiresAt`. */
export function setSessionCookie(
  req: Request,
  res: Response,
  cookie: string,
  expiresAt: number,
  now: number,
): void {
  res.cookie(SESSION_COOKIE, cookie, { ...sessionCookieOptions(req), maxAge: Math.max(0, expiresAt - now) });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
}
