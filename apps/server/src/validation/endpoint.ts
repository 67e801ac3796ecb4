import type { Request, Response, Router } from "express";
import { bodyOf } from "../auth/input.js";
import { requirePermission } from "../auth/policy.js";
import type { Permission, Principal } from "../auth/principal.js";
import { unauthenticated } from "../errors.js";
import { check, coerceQuery, type Infer, type JsonSchema } from "./schema.js";

/** A response an endpoint documents: a description and, for JSON bodies, their schema. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: JsonSchema;
  /** Response headers worth documenting (e.g. ETag, Location). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request header an endpoint reads (documented; checked by the handler). */
export interface HeaderSpec {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
}

/**
 * One API operation, described once: the router is bound from it (path, permission, validated
 * params, query and body) and the OpenAPI document is built from it, so the two cannot drift.
 */
export interface Endpoint {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  /** The full path in OpenAPI form, e.g. `/api/records/{entity}/{id}`. */
  readonly path: string;
  /** The Express path, when it cannot be derived from `path` (wildcards). */
  readonly expressPath?: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly permission: Permission;
  readonly params?: JsonSchema;
  readonly query?: JsonSchema;
  readonly body?: JsonSchema;
  readonly headers?: readonly HeaderSpec[];
  readonly responses: Readonly<Record<string, ResponseSpec>>;
}

/** Declares an endpoint, keeping its schemas' literal types so handlers get typed input. */
export const endpoint = <const E extends Endpoint>(e: E): E => e;

type Part<S> = S extends JsonSchema ? Infer<S> : undefined;

/** What a handler receives: the authenticated caller and the request's validated parts. */
export interface Call<E extends Endpoint> {
  readonly caller: Principal;
  readonly params: Part<E["params"]>;
  readonly query: Part<E["query"]>;
  readonly body: Part<E["body"]>;
  readonly req: Request;
  readonly res: Response;
}

/**
 * The authenticated caller of a request, as the auth middleware set it. Every tenant-scoped
 * look-up uses `tenantId` from here, never from the request.
 */
export function callerOf(req: Request): Principal {
  const principal = req.principal;
  if (!principal) throw unauthenticated();
  return principal;
}

/**
 * Adds an endpoint to a router (mounted at the application's root: routes carry their full path):
 * the permission check first (401/403), then path, query and body validation (400 naming each bad
 * field), then the handler. Nothing reaches the handler unvalidated, so a malformed request
 * changes nothing. The permission check is per route, never `router.use`, so a router only ever
 * acts on its own paths.
 */
export function bind<E extends Endpoint>(
  router: Router,
  e: E,
  handler: (call: Call<E>) => Promise<void>,
): void {
  const path = e.expressPath ?? expressPath(e.path);
  router[e.method](path, requirePermission(e.permission), async (req: Request, res: Response) => {
    const caller = callerOf(req);
    await handler({ caller, ...validated(e, req), req, res });
  });
}

/**
 * A request's path params, query and body checked against an endpoint's schemas (400 naming each
 * bad field). What `bind` runs before every handler; the ingestion fast path runs it too.
 */
export function validated<E extends Endpoint>(
  e: E,
  req: { readonly params?: object; readonly query?: unknown; readonly body?: unknown },
): Pick<Call<E>, "params" | "query" | "body"> {
  const params = (e.params ? check(e.params, { ...req.params }, "path") : undefined) as Part<E["params"]>;
  const query = (e.query ? check(e.query, coerceQuery(e.query, req.query), "query") : undefined) as Part<
    E["query"]
  >;
  const body: unknown = e.body ? bodyOf(e.body, req) : undefined;
  return { params, query, body: body as Part<E["body"]> };
}

/** `/api/records/{entity}/{id}` → `/api/records/:entity/:id`. */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}
