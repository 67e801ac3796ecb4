import type { ServerResponse } from "node:http";
import type { Store } from "@switchyard/store";
import type { Request, RequestHandler } from "express";
import type { ServerContext } from "../context.js";
import { HttpError } from "../errors.js";
import { verifyCsrf } from "./csrf.js";
import { type Principal, ROLES, type Role } from "./principal.js";
import "./request.js";
import {
  clearSessionCookie,
  findSession,
  type LiveSession,
  readSessionCookie,
  setSessionCookie,
} from "./sessions.js";
import { tokenPrincipal } from "./tokens.js";

/** The routes that handle credentials themselves, so a stale cookie cannot lock anyone out of them. */
export const SELF_AUTHENTICATING = ["POST /api/auth/login", "POST /api/auth/logout"] as const;

const authenticated = new WeakSet<Request>();
const csrfTokens = new WeakMap<Request, string>();

/**
 * Middleware that works out who is calling and sets `req.principal`:
 * - `Authorization: Bearer <token>` → the token's user in the token's tenant (`via: "token"`);
 * - else the `sy_session` cookie → the session's user and tenant (`via: "session"`), sliding the
 *   session's expiry and renewing the cookie; unsafe methods must carry the CSRF token (403 `csrf`);
 * - else nothing: the request stays anonymous and `requirePermission` answers 401 where it matters.
 * A credential that is present but bad — malformed, unknown, expired, revoked, or whose user was
 * disabled or removed from the tenant — is a 401, never a silent fall-back to anonymous.
 * Running it twice on a request is harmless; it skips `SELF_AUTHENTICATING` routes.
 */
export function authenticate(ctx: ServerContext): RequestHandler {
  return async (req, res, next) => {
    if (authenticated.has(req) || selfAuthenticating(req)) return next();
    authenticated.add(req);
    const authorization = req.get("authorization");
    if (authorization !== undefined) {
      req.principal = await bearerPrincipal(ctx, authorization, res);
      return next();
    }
    const cookie = readSessionCookie(req);
    if (cookie === undefined) return next();
    const found = await resolveSession(ctx, cookie);
    if (!found) {
      clearSessionCookie(req, res);
      throw sessionExpired();
    }
    verifyCsrf(req, found.session.row.csrfToken);
    csrfTokens.set(req, found.session.row.csrfToken);
    if (found.session.refreshed) setSessionCookie(req, res, cookie, found.session.row.expiresAt, ctx.now());
    req.principal = found.principal;
    next();
  };
}

/**
 * The CSRF token of the session that authenticated this request (undefined for API-token and
 * anonymous requests). `GET /api/auth/me` returns it, so the studio can recover it after a reload.
 */
export function csrfTokenOf(req: Request): string | undefined {
  return csrfTokens.get(req);
}

/**
 * The live session a cookie names and the principal it acts as; undefined when the session is
 * missing or expired, or its user was disabled or left the tenant (such a session is ended).
 */
export async function resolveSession(
  ctx: ServerContext,
  cookie: string,
): Promise<{ principal: Principal; session: LiveSession } | undefined> {
  const session = await findSession(ctx.store, cookie, ctx.now());
  if (!session) return undefined;
  const principal = await loadPrincipal(ctx.store, session.row.tenantId, session.row.userId, "session");
  if (!principal) {
    await ctx.store.auth.deleteSession(session.row.idHash);
    return undefined;
  }
  return { principal, session };
}

/**
 * Builds the principal for a user in a tenant from the store: current roles (unknown role names
 * are ignored), region, and everyone who reports to them. Undefined when the user is disabled or
 * not a member of the tenant.
 */
export async function loadPrincipal(
  store: Store,
  tenantId: string,
  userId: string,
  via: Principal["via"],
): Promise<Principal | undefined> {
  const member = await store.auth.getMember(tenantId, userId);
  if (!member || member.user.disabled) return undefined;
  return {
    userId,
    username: member.user.username,
    tenantId,
    roles: member.membership.roles.filter(isRole),
    region: member.membership.region ?? undefined,
    subordinates: await store.auth.subordinates(tenantId, userId),
    via,
  };
}

/** Whether a stored role name is one this server knows. */
export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/**
 * The principal an `Authorization` header's API token acts as; otherwise a 401 `invalid-token`
 * (with `WWW-Authenticate` set on `res`) naming whether the header or the token is at fault. Shared
 * by `authenticate` and the ingestion fast path, so both answer alike.
 */
export async function bearerPrincipal(
  ctx: ServerContext,
  authorization: string,
  res: Pick<ServerResponse, "setHeader">,
): Promise<Principal> {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
  const principal =
    match?.[1] === undefined
      ? undefined
      : await tokenPrincipal(ctx.store, match[1], ctx.now(), (row) =>
          loadPrincipal(ctx.store, row.tenantId, row.userId, "token"),
        );
  if (principal) return principal;
  res.setHeader("WWW-Authenticate", 'Bearer realm="switchyard", error="invalid_token"');
  throw new HttpError(
    401,
    "invalid-token",
    match
      ? "The API token is not valid: it is unknown or revoked, or its user no longer has access."
      : "The Authorization header must be 'Bearer <token>'.",
    "Create a new token with POST /api/auth/tokens from a signed-in session.",
  );
}

function sessionExpired(): HttpError {
  return new HttpError(
    401,
    "session-expired",
    "Your session has ended (it expired, you signed out, or your account changed). Sign in again.",
    "Log in at POST /api/auth/login.",
  );
}

function selfAuthenticating(req: Request): boolean {
  const path = (req.originalUrl.split("?")[0] ?? "").replace(/\/+$/, "").toLowerCase();
  return (SELF_AUTHENTICATING as readonly string[]).includes(`${req.method} ${path}`);
}
