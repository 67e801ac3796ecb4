import type { MembershipRow } from "@switchyard/store";
import { Router } from "express";
import { authenticate, csrfTokenOf, loadPrincipal, resolveSession } from "../auth/authenticate.js";
import { verifyCsrf } from "../auth/csrf.js";
import { bodyOf, paramsOf } from "../auth/input.js";
import { forgetPrincipals } from "../auth/principal-cache.js";
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from "../auth/passwords.js";
import { permissionsOf } from "../auth/policy.js";
import { loginRateLimits } from "../auth/rate-limit.js";
import {
  clearSessionCookie,
  endSession,
  readSessionCookie,
  setSessionCookie,
  startSession,
} from "../auth/sessions.js";
import { issueToken, toTokenView } from "../auth/tokens.js";
import { PASSWORD_MAX_LENGTH } from "../auth/users.js";
import type { ServerContext } from "../context.js";
import { forbidden, HttpError, notFound, unauthenticated } from "../errors.js";
import { callerOf } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";

/** The prefix of the sign-in routes. */
export const AUTH_MOUNT = "/api/auth";

/** `POST /api/auth/login`. `tenant` is needed only by users who belong to several tenants. */
export const LoginBody = closed(
  {
    tenant: { type: "string", minLength: 1, maxLength: 100, description: "The tenant to sign in to." },
    username: { type: "string", minLength: 1, maxLength: 100 },
    password: { type: "string", minLength: 1, maxLength: PASSWORD_MAX_LENGTH },
  },
  ["username", "password"],
);

/** `POST /api/auth/tokens`. */
export const NewTokenBody = closed(
  { name: { type: "string", minLength: 1, maxLength: 100, description: "What the token is for." } },
  ["name"],
);

const TokenIdParams = closed({ id: { type: "string", minLength: 1, maxLength: 100 } }, ["id"]);

/**
 * The sign-in routes under `/api/auth`, with full paths (`app.use(authRoutes(ctx))`):
 * `POST /login` (sets the session cookie, returns the CSRF token; rate limited), `POST /logout`,
 * `GET /me`, and the caller's API tokens (`POST /tokens`, `GET /tokens`, `DELETE /tokens/:id`).
 * Login and logout handle credentials themselves; the rest run behind `authenticate`, which this
 * router applies too (it is idempotent).
 */
export function authRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx;

  router.post(`${AUTH_MOUNT}/login`, ...loginRateLimits(), async (req, res) => {
    const body = bodyOf(LoginBody, req);
    const user = await store.auth.findUser(body.username.toLowerCase());
    const ok =
      user && !user.disabled
        ? await verifyPassword(body.password, user.passwordHash)
        : await dummyVerify(body.password);
    if (!user || !ok) throw badCredentials();
    const membership = chooseTenant(await store.auth.memberships(user.id), body.tenant);
    if (needsRehash(user.passwordHash))
      await store.auth.updateMember(membership.tenantId, user.id, {
        passwordHash: await hashPassword(body.password),
      });
    const principal = await loadPrincipal(store, membership.tenantId, user.id, "session");
    if (!principal) throw badCredentials();
    const previous = readSessionCookie(req);
    if (previous !== undefined) await endSession(store, previous);
    const now = ctx.now();
    const session = await startSession(store, user.id, membership.tenantId, now);
    setSessionCookie(req, res, session.cookie, session.expiresAt, now);
    res.set("Cache-Control", "no-store");
    res.json({
      user: { id: user.id, username: user.username, displayName: user.displayName },
      tenant: principal.tenantId,
      roles: principal.roles,
      region: principal.region ?? null,
      csrfToken: session.csrfToken,
    });
  });

  router.post(`${AUTH_MOUNT}/logout`, async (req, res) => {
    const cookie = readSessionCookie(req);
    const found = cookie === undefined ? undefined : await resolveSession(ctx, cookie);
    if (cookie !== undefined && found) {
      verifyCsrf(req, found.session.row.csrfToken);
      await endSession(store, cookie);
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.use(AUTH_MOUNT, authenticate(ctx));

  router.get(`${AUTH_MOUNT}/me`, async (req, res) => {
    const caller = callerOf(req);
    const member = await store.auth.getMember(caller.tenantId, caller.userId);
    if (!member) throw unauthenticated();
    const csrfToken = csrfTokenOf(req);
    res.set("Cache-Control", "no-store");
    res.json({
      user: { id: caller.userId, username: caller.username, displayName: member.user.displayName },
      tenant: caller.tenantId,
      roles: caller.roles,
      region: caller.region ?? null,
      subordinates: caller.subordinates,
      permissions: permissionsOf(caller),
      via: caller.via,
      ...(csrfToken === undefined ? {} : { csrfToken }),
    });
  });

  router.post(`${AUTH_MOUNT}/tokens`, async (req, res) => {
    const caller = callerOf(req);
    if (caller.via !== "session")
      throw forbidden("API tokens are created from a signed-in session, not with another token.");
    const { name } = bodyOf(NewTokenBody, req);
    const issued = await issueToken(
      store,
      { tenantId: caller.tenantId, userId: caller.userId, name },
      ctx.now(),
    );
    res.set("Cache-Control", "no-store");
    res.location(`${AUTH_MOUNT}/tokens/${issued.id}`);
    res.status(201).json(issued);
  });

  router.get(`${AUTH_MOUNT}/tokens`, async (req, res) => {
    const caller = callerOf(req);
    const tokens = await store.auth.listTokens(caller.tenantId, caller.userId);
    res.json({ tokens: tokens.map(toTokenView) });
  });

  router.delete(`${AUTH_MOUNT}/tokens/:id`, async (req, res) => {
    const caller = callerOf(req);
    const { id } = paramsOf(TokenIdParams, req);
    if (!(await store.auth.revokeToken(caller.tenantId, caller.userId, id, ctx.now())))
      throw notFound(`Your API token '${id}'`);
    // Its principal may be cached, by a hash this route does not know: forget them all.
    forgetPrincipals(store);
    res.status(204).end();
  });

  return router;
}

/** The same answer for an unknown user, a wrong password and a disabled account. */
function badCredentials(): HttpError {
  return new HttpError(
    401,
    "invalid-credentials",
    "The username or password is wrong.",
    "Check both; after 5 failed attempts, sign-in is paused for 15 minutes.",
  );
}

/** The membership a login signs in to: the named tenant, or the only one. */
function chooseTenant(memberships: readonly MembershipRow[], tenant: string | undefined): MembershipRow {
  const tenants = memberships.map((m) => m.tenantId);
  if (tenant !== undefined) {
    const chosen = memberships.find((m) => m.tenantId === tenant);
    if (!chosen) throw forbidden(`You are not a member of the tenant '${tenant}'.`);
    return chosen;
  }
  const [only, ...others] = memberships;
  if (!only) throw forbidden("Your account does not belong to any tenant yet.");
  if (others.length > 0)
    throw new HttpError(
      400,
      "tenant-required",
      `You belong to several tenants; name one in 'tenant': ${tenants.join(", ")}.`,
      "Send the login again with a 'tenant' field.",
      [{ field: "tenant", message: `is required: one of ${tenants.join(", ")}` }],
    );
  return only;
}
