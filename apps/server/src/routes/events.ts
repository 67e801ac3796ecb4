import { createHash } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { Request } from "express";
import { Router } from "express";
import type { Principal } from "../auth/principal.js";
import type { ServerContext } from "../context.js";
import { HttpError } from "../errors.js";
import { bind, type Call, endpoint, type HeaderSpec } from "../validation/endpoint.js";
import { check, closed } from "../validation/schema.js";

const MOUNT = "/api/events";

const IdempotencyKey = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^[\\x21-\\x7e]+$",
  description: "Printable ASCII without spaces, at most 200 characters.",
} as const;

/** The `Idempotency-Key` request header, shared by events and webhooks. */
export const idempotencyHeader: HeaderSpec = {
  name: "Idempotency-Key",
  description:
    "Makes the request safe to repeat: a second request with the same key is acknowledged (200, accepted: false) and not stored again.",
  schema: IdempotencyKey,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;

/** Responses of an ingestion: 202 for a new event, 200 for a repeated key. */
export const ingestResponses = {
  "202": { description: "The event was stored; workflows it triggers run shortly.", schema: ref("Ingested") },
  "200": {
    description: "The idempotency key was seen before; nothing new was stored.",
    schema: ref("Ingested"),
  },
  "409": { description: "The idempotency key (or event id) was already used for an event of another type." },
} as const;

/** The event-ingestion endpoint; bound by `eventsRoutes` and documented in the OpenAPI document. */
export const eventEndpoints = [
  endpoint({
    method: "post",
    path: MOUNT,
    operationId: "ingestEvent",
    tag: "Events",
    summary: "Send an event; workflows whose triggers match it start",
    permission: "events:ingest",
    headers: [idempotencyHeader],
    body: closed(
      {
        type: {
          type: "string",
          pattern: "^[a-z][a-z0-9_.-]*$",
          maxLength: 100,
          description: "The event type, as workflow triggers name it, e.g. lead.received.",
        },
        payload: { description: "Any JSON value; workflows read it as event.payload." },
        id: {
          type: "string",
          minLength: 1,
          maxLength: 200,
          pattern: "^[\\x21-\\x7e]+$",
          description:
            "The event's id, when the sender has one; it is then also the idempotency key unless the header gives another.",
        },
      },
      ["type", "payload"],
    ),
    responses: ingestResponses,
  }),
] as const;

/** `POST /api/events`: served by `eventsRoutes`, and by the fast path (ingest/fast-path.ts) ahead of Express. */
export const [ingestEndpoint] = eventEndpoints;

/**
 * Event ingestion into the caller's tenant.
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function eventsRoutes(ctx: ServerContext): Router {
  const router = Router();
  bind(router, ingestEndpoint, receiveEvent(ctx));
  return router;
}

/**
 * The handler of `POST /api/events` once the caller is authorized and the body valid: stores the
 * event and answers 202 (or 200 for a repeated key) with `{ eventId, accepted }`.
 */
export function receiveEvent(ctx: ServerContext): (call: Call<typeof ingestEndpoint>) => Promise<void> {
  return async ({ caller, body, req, res }) => {
    const outcome = await acceptEvent(ctx, caller, body, req.get("Idempotency-Key"));
    res.status(ingestStatus(outcome)).json(outcome);
  };
}

/** A `POST /api/events` body that passed validation. */
export type EventBody = Call<typeof ingestEndpoint>["body"];

/**
 * Stores a validated event for the caller, under the `Idempotency-Key` header's value when there
 * is one (400 when it is malformed). What `receiveEvent` and the ingestion fast path both run.
 */
export async function acceptEvent(
  ctx: ServerContext,
  caller: Principal,
  body: EventBody,
  idempotencyHeader: string | undefined,
): Promise<{ eventId: string; accepted: boolean }> {
  return await ingestEvent(ctx, caller.tenantId, {
    type: body.type,
    payload: body.payload ?? null,
    id: body.id,
    idempotencyKey: checkIdempotencyKey(idempotencyHeader),
    source: "api",
  });
}

/** The status of an ingestion's answer: 202 for a new event, 200 for a repeat. */
export const ingestStatus = (outcome: { readonly accepted: boolean }): 200 | 202 =>
  outcome.accepted ? 202 : 200;

/** Built once: `check` compiles a validator per schema object. */
const IdempotencyKeyHeader = closed({ "Idempotency-Key": IdempotencyKey }, ["Idempotency-Key"]);

/** The request's `Idempotency-Key` header, checked; undefined when absent. */
export function idempotencyKeyOf(req: Request): string | undefined {
  return checkIdempotencyKey(req.get("Idempotency-Key"));
}

/** An `Idempotency-Key` header's value, checked (400 when malformed); undefined when absent. */
export function checkIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return check(IdempotencyKeyHeader, { "Idempotency-Key": value }, "header")["Idempotency-Key"];
}

/** An event as the API hands it to the engine. */
export interface EventRequest {
  readonly type: string;
  readonly payload: unknown;
  readonly id: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly source: string;
}

/**
 * Stores an event exactly once per idempotency key. The key defaults to the event id; without
 * either, the event is new every time. A repeated key returns the first event's id with
 * `accepted: false`; a key (or id) reused for an event of another type is a 409.
 */
export async function ingestEvent(
  ctx: ServerContext,
  tenantId: string,
  event: EventRequest,
): Promise<{ eventId: string; accepted: boolean }> {
  const key = event.idempotencyKey ?? event.id;
  // Without an id of its own, the event's id follows from its key, so a repeat finds the first one.
  // Time-ordered ids keep the inbox's and runs' indexes appending (docs/performance.md, scaling).
  const id = event.id ?? (key === undefined ? uuidv7() : stableEventId(key));
  const existing = event.id === undefined ? undefined : await ctx.store.getEvent(tenantId, id);
  if (existing) {
    if (existing.idempotencyKey !== (key ?? id) || existing.type !== event.type)
      throw conflict(`The event id '${id}' was already used for another event.`);
    return { eventId: id, accepted: false };
  }
  const result = await ctx.engine.ingest({
    tenantId,
    type: event.type,
    payload: event.payload,
    id,
    idempotencyKey: key ?? id,
    source: event.source,
    occurredAt: ctx.now(),
  });
  if (result.accepted) {
    ctx.kick?.();
    return { eventId: id, accepted: true };
  }
  const first = await ctx.store.getEvent(tenantId, id);
  if (!first || first.type !== event.type)
    throw conflict(`The idempotency key '${key ?? id}' was already used for another event.`);
  return { eventId: first.id, accepted: false };
}

const stableEventId = (key: string) => `evt_${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;

const conflict = (message: string) =>
  new HttpError(
    409,
    "idempotency-conflict",
    message,
    "Use a new Idempotency-Key (and event id) for each distinct event; repeat a key only to retry the same request.",
  );
