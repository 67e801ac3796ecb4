import type { RequestHandler } from "express";
import { forbidden, unauthenticated } from "../errors.js";
import { type Permission, type Principal, ROLES, type Role } from "./principal.js";
import "./request.js";

/**
 * What each role may do. The single source of the authorization matrix: `requirePermission`
 * checks against it and docs/security.md documents it (a test keeps the two in step).
 * Regional scope is checked on top, by `canEditRegion`.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  "it-admin": [
    "users:manage",
    "templates:manage",
    "templates:import",
    "definitions:read",
    "runs:read",
    "records:read",
    "records:write",
    "audit:read",
    "events:ingest",
    "definitions:rollback",
    "breakers:manage",
    "components:whitelist",
  ],
  "process-owner": [
    "definitions:read",
    "definitions:edit",
    "definitions:publish",
    "definitions:promote",
    "definitions:rollback",
    "breakers:manage",
    "runs:read",
    "records:read",
    "records:write",
    "events:ingest",
    "tasks:complete",
    "templates:import",
  ],
  approver: ["definitions:read", "definitions:approve", "runs:read", "records:read", "tasks:complete"],
  auditor: ["definitions:read", "runs:read", "records:read", "audit:read"],
  viewer: ["definitions:read", "runs:read", "records:read"],
};

/** The region whose process owners may edit every region's workflows (head office). */
export const GLOBAL_REGION = "global";

/** Whether any of the principal's roles grants `permission`. */
export function can(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** The roles that grant `permission`, in the order of `ROLES`. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** Every permission the principal has, sorted (for `GET /api/auth/me`). */
export function permissionsOf(principal: Principal): Permission[] {
  return [...new Set(principal.roles.flatMap((role) => ROLE_PERMISSIONS[role]))].sort();
}

/**
 * Middleware: 401 for an anonymous caller, 403 naming the permission and the roles that grant it
 * when the caller lacks it, otherwise on to the route.
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    authorize(req.principal, permission);
    next();
  };
}

/**
 * The check behind `requirePermission`, for callers outside Express's stack (the ingestion fast
 * path): throws 401 for no principal, 403 naming what grants `permission` when it is missing.
 */
export function authorize(principal: Principal | undefined, permission: Permission): Principal {
  if (!principal) throw unauthenticated();
  if (!can(principal, permission)) throw forbidden(denial(principal, permission));
  return principal;
}

/** Why `principal` may not do what `permission` guards, in words a user can act on. */
export function denial(principal: Principal, permission: Permission): string {
  const granting = rolesWith(permission);
  const who = granting.length === 1 ? `the role ${granting[0]} has` : `the roles ${granting.join(", ")} have`;
  const yours = principal.roles.length > 0 ? principal.roles.join(", ") : "none";
  return `This needs the permission '${permission}', which ${who}; your roles: ${yours}.`;
}

/**
 * Whether the principal may edit workflows and variants of `region`: process owners (the only
 * role with `definitions:edit`; IT admins do not edit workflows) for their own region, and
 * head-office process owners (region `global`) for every region.
 */
export function canEditRegion(principal: Principal, region: string): boolean {
  if (!can(principal, "definitions:edit") || principal.region === undefined) return false;
  return principal.region === GLOBAL_REGION || principal.region === region;
}

/**
 * Whether the principal may read a region's workflows, drafts and runs. Regional directors are
 * isolated from their peers: a process owner reads their own region and head office's (`global`)
 * definitions; a head-office owner reads every region. Every other role reads the whole tenant.
 * Data without a region (entities, forms, components) is readable by all.
 */
export function canReadRegion(principal: Principal, region: string | undefined): boolean {
  if (region === undefined || region === GLOBAL_REGION) return true;
  if (principal.roles.some((role) => role !== "process-owner")) return true;
  return principal.region === GLOBAL_REGION || principal.region === region;
}

/**
 * Whether the principal may see a user's profile (within their own tenant): themselves, the people
 * who report to them (directly or not), and everyone for IT admins and auditors.
 */
export function canSeeUser(principal: Principal, userId: string): boolean {
  return (
    principal.userId === userId ||
    principal.subordinates.includes(userId) ||
    principal.roles.includes("it-admin") ||
    principal.roles.includes("auditor")
  );
}
