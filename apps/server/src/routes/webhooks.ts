import type { Request } from "express";
import { Router } from "express";
import type { ServerContext } from "../context.js";
import { HttpError } from "../errors.js";
import { bind, type Call, endpoint } from "../validation/endpoint.js";
import { check, closed } from "../validation/schema.js";
import { idempotencyHeader, idempotencyKeyOf, ingestEvent, ingestResponses } from "./events.js";

const MOUNT = "/api/hooks";

const HookPath = closed(
  {
    path: {
      type: "string",
      pattern: "^[a-z0-9][a-z0-9/_-]*$",
      maxLength: 200,
      description: "The webhook path a workflow's trigger names, e.g. erp/order-created (may contain '/').",
    },
  },
  ["path"],
);

const hook = <const M extends "post" | "put">(method: M) =>
  endpoint({
    method,
    path: `${MOUNT}/{path}`,
    expressPath: `${MOUNT}/*path`,
    operationId: method === "post" ? "postWebhook" : "putWebhook",
    tag: "Webhooks",
    summary: `Receive a webhook (${method.toUpperCase()}): the JSON body becomes the payload of an event 'webhook:<path>'`,
    description:
      "Starts the live workflows whose webhook trigger names this path (and method). Machines call it with an API token (`Authorization: Bearer …`). Without an Idempotency-Key header every request is a new event; with one, repeats (per path) are acknowledged and ignored.",
    permission: "events:ingest",
    headers: [idempotencyHeader],
    responses: {
      ...ingestResponses,
      "404": { description: "No live workflow of the tenant listens on this path." },
      "405": { description: "Workflows listen on this path, but for the other method." },
      "415": { description: "The body is not JSON." },
    },
  });

/** The webhook endpoints; bound by `webhooksRoutes` and documented in the OpenAPI document. */
export const webhookEndpoints = [hook("post"), hook("put")] as const;

/**
 * Inbound webhooks into the caller's tenant.
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function webhooksRoutes(ctx: ServerContext): Router {
  const router = Router();
  for (const e of webhookEndpoints) bind(router, e, (call) => receive(ctx, call));
  return router;
}

async function receive(ctx: ServerContext, { caller, req, res }: Call<(typeof webhookEndpoints)[number]>) {
  const { path } = check(HookPath, { path: hookPath(req) }, "path");
  const method = req.method.toUpperCase();
  const methods = new Set<string>(
    ctx.engine.registry
      .liveWorkflows(caller.tenantId)
      .flatMap(({ workflow }) => workflow.triggers)
      .flatMap((t) => (t.type === "webhook" && t.path === path ? [t.method ?? "POST"] : [])),
  );
  if (methods.size === 0)
    throw new HttpError(
      404,
      "not-found",
      `No live workflow listens on /api/hooks/${path}.`,
      "Check the path against the workflow's webhook trigger, and that the workflow is live.",
    );
  if (!methods.has(method)) {
    res.set("Allow", [...methods].join(", "));
    throw new HttpError(
      405,
      "method-not-allowed",
      `Workflows listen on /api/hooks/${path} for ${[...methods].join(" and ")}, not ${method}.`,
      "Send the request with the method the webhook trigger names.",
    );
  }
  const key = idempotencyKeyOf(req);
  const outcome = await ingestEvent(ctx, caller.tenantId, {
    type: `webhook:${path}`,
    payload: payloadOf(req),
    id: undefined,
    // Keys are the sender's; scoping them by path keeps two senders' keys from colliding.
    idempotencyKey: key === undefined ? undefined : `webhook:${path}:${key}`,
    source: "webhook",
  });
  res.status(outcome.accepted ? 202 : 200).json(outcome);
}

/** Express 5 gives a `*path` wildcard as its segments. */
function hookPath(req: Request): string {
  const raw: unknown = req.params.path;
  return Array.isArray(raw) ? raw.join("/") : String(raw ?? "");
}

/** The parsed JSON body, or null when there is none; a body in another format is a 415. */
function payloadOf(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const hasBody = req.get("Transfer-Encoding") !== undefined || Number(req.get("Content-Length") ?? 0) > 0;
  if (hasBody)
    throw new HttpError(
      415,
      "unsupported-media-type",
      `The webhook body is ${req.get("Content-Type") ?? "of no declared type"}; only JSON is accepted.`,
      "Send the body with 'Content-Type: application/json'.",
    );
  return null;
}
