import { Router } from "express";
import type { ServerContext } from "../context.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";

const MOUNT = "/api/audit";
const TAG = "Audit";

const entry = closed(
  {
    seq: { type: "integer" },
    at: { type: "string", format: "date-time" },
    actor: { type: "string" },
    action: { type: "string" },
    object: { type: "string" },
    version: { type: ["integer", "null"] },
    detail: { description: "What changed and the data it touches (diff, scope: entities, fields, regions)." },
    prevHash: { type: "string" },
    hash: { type: "string" },
  },
  ["seq", "at", "actor", "action", "object", "hash", "prevHash"],
);

/** The audit-log endpoints (auditors and IT admins); bound by `auditRoutes`. */
export const auditEndpoints = [
  endpoint({
    method: "get",
    path: MOUNT,
    operationId: "listAudit",
    tag: TAG,
    summary: "Read the tenant's audit log, oldest first",
    permission: "audit:read",
    query: closed({
      after: { type: "integer", minimum: 0, description: "Only entries after this sequence number." },
      limit: { type: "integer", minimum: 1, maximum: 1000, default: 200, description: "At most this many." },
    }),
    responses: {
      "200": {
        description: "The entries.",
        schema: closed({ entries: { type: "array", items: entry } }, ["entries"]),
      },
    },
  }),
  endpoint({
    method: "get",
    path: `${MOUNT}/verify`,
    operationId: "verifyAudit",
    tag: TAG,
    summary: "Recompute the tenant's hash chain and name the first altered or missing entry",
    permission: "audit:read",
    responses: {
      "200": {
        description:
          "`ok: true` with the number of entries and the head hash, or the first bad entry and why.",
        schema: {
          type: "object",
          properties: {
            ok: { type: "boolean" },
            entries: { type: "integer" },
            headHash: { type: "string" },
            firstBadSeq: { type: "integer" },
            reason: { type: "string" },
            message: { type: "string" },
          },
          required: ["ok"],
        },
      },
    },
  }),
] as const;

const [listEndpoint, verifyEndpoint] = auditEndpoints;

/**
 * The audit log of the caller's tenant: hash-chained entries for every publish (and, as they land,
 * promotions, rollbacks, breaker trips and whitelist changes).
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function auditRoutes(ctx: ServerContext): Router {
  const router = Router();
  bind(router, listEndpoint, async ({ caller, query, res }) => {
    const entries = await ctx.store.audit.list(caller.tenantId, {
      ...(query.after === undefined ? {} : { afterSeq: query.after }),
      limit: query.limit ?? 200,
    });
    res.json({
      entries: entries.map(({ tenantId: _tenant, ...e }) => ({
        ...e,
        at: new Date(e.at).toISOString(),
        version: e.version ?? null,
      })),
    });
  });
  bind(router, verifyEndpoint, async ({ caller, res }) => {
    res.json(await ctx.store.audit.verify(caller.tenantId));
  });
  return router;
}
