/**
 * Who is calling, once authenticated. Every route decides from this alone; the tenant comes from
 * the principal, never from the request, so no request can name another tenant's data.
 */
export type Role = "it-admin" | "process-owner" | "approver" | "auditor" | "viewer";

export const ROLES: readonly Role[] = ["it-admin", "process-owner", "approver", "auditor", "viewer"];

export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** The region a process owner may edit (`global` for head office); undefined for others. */
  readonly region: string | undefined;
  /** Users who report to this one (a manager sees their work). */
  readonly subordinates: readonly string[];
  /** How the caller proved who they are: a browser session (needs CSRF) or an API token. */
  readonly via: "session" | "token";
}

/** What a route needs; checked by `authorize` (auth/policy.ts). */
export type Permission =
  | "definitions:read"
  | "definitions:edit"
  | "definitions:publish"
  | "definitions:approve"
  | "definitions:promote"
  | "definitions:rollback"
  | "breakers:manage"
  | "components:whitelist"
  | "runs:read"
  | "events:ingest"
  | "records:read"
  | "records:write"
  | "tasks:complete"
  | "users:manage"
  | "templates:manage"
  | "templates:import"
  | "audit:read";
