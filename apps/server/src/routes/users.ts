import { Router } from "express";
import { authenticate } from "../auth/authenticate.js";
import { bodyOf, paramsOf } from "../auth/input.js";
import { canSeeUser, requirePermission } from "../auth/policy.js";
import { ROLES } from "../auth/principal.js";
import {
  createUser,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  REGION_PATTERN,
  toUserView,
  updateUser,
  type UserChange,
  USERNAME_PATTERN,
} from "../auth/users.js";
import type { ServerContext } from "../context.js";
import { forbidden, notFound } from "../errors.js";
import { callerOf } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";

/** The prefix of the user routes. */
export const USERS_MOUNT = "/api/users";

const Username = {
  type: "string",
  pattern: USERNAME_PATTERN,
  description: "Lower case letters, digits and . _ @ -; unique across the installation.",
} as const;
const DisplayName = { type: "string", minLength: 1, maxLength: 200 } as const;
const Password = {
  type: "string",
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `At least ${PASSWORD_MIN_LENGTH} characters.`,
} as const;
const Roles = {
  type: "array",
  items: { type: "string", enum: ROLES },
  minItems: 1,
  uniqueItems: true,
} as const;
const Region = {
  type: "string",
  pattern: REGION_PATTERN,
  description: "e.g. east, or global for head office.",
} as const;
const UserId = { type: "string", minLength: 1, maxLength: 100 } as const;

/** `POST /api/users`. */
export const NewUserBody = closed(
  {
    username: Username,
    displayName: DisplayName,
    password: Password,
    roles: Roles,
    region: Region,
    managerId: UserId,
  },
  ["username", "displayName", "password", "roles"],
);

/** `PATCH /api/users/{id}`: at least one field; `null` clears region or manager. */
export const UserChangeBody = {
  ...closed({
    displayName: DisplayName,
    password: Password,
    disabled: { type: "boolean" },
    roles: Roles,
    region: { ...Region, type: ["string", "null"] },
    managerId: { ...UserId, type: ["string", "null"] },
  }),
  minProperties: 1,
} as const;

const UserIdParams = closed({ id: UserId }, ["id"]);

/**
 * The user routes under `/api/users`, with full paths (`app.use(userRoutes(ctx))`), always within
 * the caller's tenant: listing, creating and changing users needs `users:manage` (IT admins);
 * `GET /:id` shows a user to whoever `canSeeUser` allows (themselves, their managers, IT admins and
 * auditors). A user of another tenant is a 404, as if they did not exist.
 */
export function userRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx;
  router.use(USERS_MOUNT, authenticate(ctx));

  router.get(USERS_MOUNT, requirePermission("users:manage"), async (req, res) => {
    const members = await store.auth.listMembers(callerOf(req).tenantId);
    res.json({ users: members.map(toUserView) });
  });

  router.post(USERS_MOUNT, requirePermission("users:manage"), async (req, res) => {
    const caller = callerOf(req);
    const body = bodyOf(NewUserBody, req);
    const user = await createUser(store, { ...body, tenantId: caller.tenantId }, ctx.now());
    res.location(`${USERS_MOUNT}/${user.id}`);
    res.status(201).json(user);
  });

  router.get(`${USERS_MOUNT}/:id`, async (req, res) => {
    const caller = callerOf(req);
    const { id } = paramsOf(UserIdParams, req);
    const member = await store.auth.getMember(caller.tenantId, id);
    if (!member) throw notFound(`The user '${id}'`);
    if (!canSeeUser(caller, id))
      throw forbidden(
        "You may see only yourself and the people who report to you; IT admins and auditors see everyone.",
      );
    res.json(toUserView(member));
  });

  router.patch(`${USERS_MOUNT}/:id`, requirePermission("users:manage"), async (req, res) => {
    const caller = callerOf(req);
    const { id } = paramsOf(UserIdParams, req);
    // The schema has checked every field's type (Infer does not model `["string", "null"]`).
    const change = bodyOf(UserChangeBody, req) as UserChange;
    res.json(await updateUser(store, caller, id, change));
  });

  return router;
}
