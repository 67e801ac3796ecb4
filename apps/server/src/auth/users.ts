import { randomUUID } from "node:crypto";
import type { MemberChange, MemberRow, Store } from "@switchyard/store";
import { forbidden, HttpError, notFound } from "../errors.js";
import { isRole } from "./authenticate.js";
import { hashPassword } from "./passwords.js";
import { forgetPrincipals } from "./principal-cache.js";
import type { Principal, Role } from "./principal.js";

/** Passwords shorter than this are refused (length beats composition rules; NIST SP 800-63B). */
export const PASSWORD_MIN_LENGTH = 12;
/** Longer passwords are refused, so a request cannot make the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 1024;
/** Usernames: lower case letters, digits and `. _ @ -`, starting with a letter or digit. */
export const USERNAME_PATTERN = "^[a-z0-9][a-z0-9._@-]{0,63}$";
/** Region ids, as definitions spell them (`east`, `global`). */
export const REGION_PATTERN = "^[a-z][a-z0-9_-]{0,63}$";

/** What it takes to create a user in a tenant (the seed and `POST /api/users`). */
export interface NewUser {
  readonly tenantId: string;
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly region?: string;
  readonly managerId?: string;
}

/** A user as the API shows them within one tenant. Never the password hash. */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly region: string | null;
  readonly managerId: string | null;
  readonly disabled: boolean;
  readonly createdAt: number;
}

/** A change `PATCH /api/users/{id}` may make; absent fields stay, `null` clears region or manager. */
export interface UserChange {
  readonly displayName?: string;
  readonly password?: string;
  readonly disabled?: boolean;
  readonly roles?: readonly Role[];
  readonly region?: string | null;
  readonly managerId?: string | null;
}

/**
 * Creates a user with a membership in `input.tenantId` (which must exist), hashing the password
 * with scrypt. Throws HttpError 400 for a bad username, short password or a manager outside the
 * tenant, and 409 when the username is taken.
 */
export async function createUser(store: Store, input: NewUser, now = Date.now()): Promise<UserView> {
  const problems = [
    !new RegExp(USERNAME_PATTERN).test(input.username) && {
      field: "username",
      message: `must match ${USERNAME_PATTERN}`,
    },
    passwordProblem(input.password),
    input.region !== undefined &&
      !new RegExp(REGION_PATTERN).test(input.region) && {
        field: "region",
        message: `must match ${REGION_PATTERN}`,
      },
    input.managerId !== undefined &&
      !(await store.auth.getMember(input.tenantId, input.managerId)) && {
        field: "managerId",
        message: "is not a user of this tenant",
      },
  ].filter((p) => p !== false);
  if (problems.length > 0) throw invalid(problems);
  const user = {
    id: randomUUID(),
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    disabled: false,
  };
  const membership = {
    tenantId: input.tenantId,
    roles: [...input.roles],
    region: input.region ?? null,
    managerId: input.managerId ?? null,
  };
  if (!(await store.auth.createUser(user, membership)))
    throw new HttpError(
      409,
      "username-taken",
      `The username '${input.username}' is taken.`,
      "Choose another username.",
    );
  // A new report changes their manager's principal (its subordinates).
  forgetPrincipals(store);
  return toUserView({ user, membership: { ...membership, userId: user.id } });
}

/**
 * Applies an IT admin's change to a user of the caller's tenant, in one transaction. Refuses
 * (nothing written): a user outside the tenant (404); a password, name or disabled change to an
 * account that also belongs to other tenants (403: this tenant's admin must not control access to
 * another tenant); locking yourself out (409); a manager outside the tenant or below the user (400).
 */
export async function updateUser(
  store: Store,
  caller: Principal,
  userId: string,
  change: UserChange,
): Promise<UserView> {
  const member = await store.auth.getMember(caller.tenantId, userId);
  if (!member) throw notFound(`The user '${userId}'`);
  const accountWide = (["password", "displayName", "disabled"] as const).filter(
    (f) => change[f] !== undefined,
  );
  if (accountWide.length > 0 && (await store.auth.memberships(userId)).length > 1)
    throw forbidden(
      `'${member.user.username}' also belongs to other tenants, so this tenant cannot change their ${accountWide.join(", ")}.`,
    );
  if (
    userId === caller.userId &&
    (change.disabled === true || (change.roles && !change.roles.includes("it-admin")))
  )
    throw new HttpError(
      409,
      "self-lockout",
      "You cannot disable yourself or remove your own it-admin role.",
      "Ask another IT admin to do it.",
    );
  const problems = [
    passwordProblem(change.password),
    await managerProblem(store, caller.tenantId, userId, change),
  ];
  const found = problems.filter((p) => p !== false);
  if (found.length > 0) throw invalid(found);
  const stored: MemberChange = {
    displayName: change.displayName,
    disabled: change.disabled,
    roles: change.roles,
    region: change.region,
    managerId: change.managerId,
    passwordHash: change.password === undefined ? undefined : await hashPassword(change.password),
  };
  const updatedMember = await store.auth.updateMember(caller.tenantId, userId, stored);
  // Roles, region, manager and disabled all shape principals: API tokens must see the change now.
  forgetPrincipals(store);
  if (!updatedMember) throw notFound(`The user '${userId}'`);
  const updated = await store.auth.getMember(caller.tenantId, userId);
  if (!updated) throw notFound(`The user '${userId}'`);
  return toUserView(updated);
}

/** The API's view of a member. */
export function toUserView({ user, membership }: MemberRow): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: membership.roles.filter(isRole),
    region: membership.region,
    managerId: membership.managerId,
    disabled: user.disabled,
    createdAt: user.createdAt,
  };
}

type Problem = { field: string; message: string } | false;

function passwordProblem(password: string | undefined): Problem {
  if (password === undefined) return false;
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { field: "password", message: `must be at least ${PASSWORD_MIN_LENGTH} characters` };
  if (length > PASSWORD_MAX_LENGTH)
    return { field: "password", message: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  return false;
}

async function managerProblem(
  store: Store,
  tenantId: string,
  userId: string,
  change: UserChange,
): Promise<Problem> {
  const managerId = change.managerId;
  if (managerId === undefined || managerId === null) return false;
  if (managerId === userId) return { field: "managerId", message: "cannot be the user themselves" };
  if (!(await store.auth.getMember(tenantId, managerId)))
    return { field: "managerId", message: "is not a user of this tenant" };
  if ((await store.auth.subordinates(tenantId, userId)).includes(managerId))
    return { field: "managerId", message: "reports to this user already (that would make a reporting loop)" };
  return false;
}

function invalid(problems: readonly { field: string; message: string }[]): HttpError {
  return new HttpError(
    400,
    "invalid-request",
    `The request body is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}.`,
    "See /api/docs (or /api/openapi.json) for what this endpoint accepts.",
    problems,
  );
}
