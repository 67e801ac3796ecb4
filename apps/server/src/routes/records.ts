import { v7 as uuidv7 } from "uuid";
import type { Entity } from "@switchyard/definitions";
import { StepFailure, validateRecord } from "@switchyard/runtime";
import type { RecordRow } from "@switchyard/store";
import type { Request, Response } from "express";
import { Router } from "express";
import type { Principal } from "../auth/principal.js";
import type { ServerContext } from "../context.js";
import { type FieldError, HttpError, notFound } from "../errors.js";
import { bind, endpoint, type HeaderSpec } from "../validation/endpoint.js";
import { check, closed } from "../validation/schema.js";

const MOUNT = "/api/records";
const TAG = "Records";

const EntityId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  maxLength: 100,
  description: "A live entity of the tenant, e.g. lead.",
} as const;
const RecordId = { type: "string", minLength: 1, maxLength: 200 } as const;
const EntityParams = closed({ entity: EntityId }, ["entity"]);
const RecordParams = closed({ entity: EntityId, id: RecordId }, ["entity", "id"]);
const RecordBody = {
  type: "object",
  description:
    "The record's fields, checked against the entity's JSON Schema; fields the entity does not declare are rejected (unless it allows additional properties).",
  properties: {
    id: {
      type: "string",
      pattern: "^[A-Za-z0-9][A-Za-z0-9_.:@+-]*$",
      maxLength: 200,
      description:
        "On create, the record's id (a random UUID when left out); elsewhere it must equal the URL's.",
    },
  },
} as const;

const ifMatch: HeaderSpec = {
  name: "If-Match",
  description:
    "The record version the change is based on (as in the ETag, with or without quotes); on a mismatch nothing is written and the answer is 412.",
  schema: { type: "string" },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;
const oneRecord = {
  description: "The record.",
  schema: ref("Record"),
  headers: { ETag: "The version, quoted." },
};
const invalid = { description: "The record does not fit the entity's schema; `details` names each field." };
const noEntity = { description: "The entity is not live for the tenant, or the record does not exist." };

/** The record endpoints; bound by `recordsRoutes` and documented in the OpenAPI document. */
export const recordEndpoints = [
  endpoint({
    method: "get",
    path: `${MOUNT}/{entity}`,
    operationId: "listRecords",
    tag: TAG,
    summary: "List records of an entity, oldest first",
    permission: "records:read",
    params: EntityParams,
    query: closed({
      limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
      offset: { type: "integer", minimum: 0, maximum: 1_000_000, default: 0 },
    }),
    responses: {
      "200": {
        description: "A page of records.",
        schema: closed(
          {
            records: { type: "array", items: ref("Record") },
            limit: { type: "integer" },
            offset: { type: "integer" },
          },
          ["records", "limit", "offset"],
        ),
      },
      "404": noEntity,
    },
  }),
  endpoint({
    method: "get",
    path: `${MOUNT}/{entity}/{id}`,
    operationId: "getRecord",
    tag: TAG,
    summary: "Read one record",
    permission: "records:read",
    params: RecordParams,
    responses: { "200": oneRecord, "404": noEntity },
  }),
  endpoint({
    method: "post",
    path: `${MOUNT}/{entity}`,
    operationId: "createRecord",
    tag: TAG,
    summary: "Create a record",
    permission: "records:write",
    params: EntityParams,
    body: RecordBody,
    responses: {
      "201": { ...oneRecord, description: "The record was created." },
      "404": noEntity,
      "409": { description: "A record with this id exists already." },
      "422": invalid,
    },
  }),
  endpoint({
    method: "put",
    path: `${MOUNT}/{entity}/{id}`,
    operationId: "replaceRecord",
    tag: TAG,
    summary: "Replace a record's fields",
    permission: "records:write",
    params: RecordParams,
    headers: [ifMatch],
    body: RecordBody,
    responses: {
      "200": oneRecord,
      "404": noEntity,
      "412": { description: "If-Match names another version than the record's." },
      "422": invalid,
    },
  }),
  endpoint({
    method: "patch",
    path: `${MOUNT}/{entity}/{id}`,
    operationId: "updateRecord",
    tag: TAG,
    summary: "Change some of a record's fields (shallow merge)",
    description:
      "Top-level fields in the body replace the record's; fields left out are kept. The merged record must fit the entity's schema.",
    permission: "records:write",
    params: RecordParams,
    headers: [ifMatch],
    body: RecordBody,
    responses: {
      "200": oneRecord,
      "404": noEntity,
      "409": { description: "The record kept changing under concurrent updates; try again." },
      "412": { description: "If-Match names another version than the record's." },
      "422": invalid,
    },
  }),
  endpoint({
    method: "delete",
    path: `${MOUNT}/{entity}/{id}`,
    operationId: "deleteRecord",
    tag: TAG,
    summary: "Delete a record",
    permission: "records:write",
    params: RecordParams,
    responses: { "204": { description: "The record was deleted." }, "404": noEntity },
  }),
] as const;

const [listEndpoint, getEndpoint, createEndpoint, replaceEndpoint, patchEndpoint, deleteEndpoint] =
  recordEndpoints;

/**
 * Records of the caller's tenant, for its live entities.
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function recordsRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx;
  const entityOf = (caller: Principal, id: string): Entity => {
    const entity = ctx.engine.registry.entity(caller.tenantId, id);
    if (!entity) throw notFound(`The entity '${id}'`);
    return entity;
  };
  const existing = async (caller: Principal, entity: string, id: string): Promise<RecordRow> => {
    const record = await store.getRecord(caller.tenantId, entity, id);
    if (!record) throw notFound(`The ${entity} record '${id}'`);
    return record;
  };
  /** Writes after every check passed; false when the record changed (or vanished) meanwhile. */
  const write = (
    caller: Principal,
    entity: Entity,
    id: string,
    data: Fields,
    op: "create" | "update",
    expected?: number,
  ) =>
    store.writeRecord(
      caller.tenantId,
      { entity: entity.id, id, op, data, writeKey: `api:${uuidv7()}`, indexed: indexedFields(id, data) },
      caller.username,
      expected,
    );

  bind(router, listEndpoint, async ({ caller, params, query, res }) => {
    entityOf(caller, params.entity);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const records = await store.listRecords(caller.tenantId, params.entity, { limit, offset });
    res.json({ records: records.map(toApiRecord), limit, offset });
  });

  bind(router, getEndpoint, async ({ caller, params, res }) => {
    entityOf(caller, params.entity);
    send(res, 200, await existing(caller, params.entity, params.id));
  });

  bind(router, createEndpoint, async ({ caller, params, body, res }) => {
    const entity = entityOf(caller, params.entity);
    const { id: given, ...data } = body as Fields;
    const id = typeof given === "string" ? given : uuidv7();
    assertFits(entity, data, data);
    if (!(await write(caller, entity, id, data, "create")))
      throw new HttpError(
        409,
        "conflict",
        `A ${entity.id} record '${id}' exists already.`,
        "Update it with PUT or PATCH, or choose another id.",
      );
    res.location(`${MOUNT}/${encodeURIComponent(entity.id)}/${encodeURIComponent(id)}`);
    send(res, 201, await existing(caller, entity.id, id));
  });

  bind(router, replaceEndpoint, async ({ caller, params, body, req, res }) => {
    const entity = entityOf(caller, params.entity);
    const expected = versionOf(req);
    const data = withoutId(body as Fields, params.id);
    const current = await existing(caller, entity.id, params.id);
    if (expected !== undefined && current.version !== expected) throw stale(current);
    assertFits(entity, data, data);
    if (!(await write(caller, entity, params.id, data, "update", expected)))
      throw stale(await existing(caller, entity.id, params.id));
    send(res, 200, await existing(caller, entity.id, params.id));
  });

  bind(router, patchEndpoint, async ({ caller, params, body, req, res }) => {
    const entity = entityOf(caller, params.entity);
    const expected = versionOf(req);
    const changes = withoutId(body as Fields, params.id);
    // Merge on the version read; if another write lands in between, read and merge again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await existing(caller, entity.id, params.id);
      if (expected !== undefined && current.version !== expected) throw stale(current);
      const merged = { ...current.data, ...changes };
      assertFits(entity, changes, merged);
      if (await write(caller, entity, params.id, merged, "update", current.version)) {
        send(res, 200, await existing(caller, entity.id, params.id));
        return;
      }
    }
    throw new HttpError(
      409,
      "conflict",
      `The ${entity.id} record '${params.id}' kept changing while it was being updated.`,
      "Try again.",
    );
  });

  bind(router, deleteEndpoint, async ({ caller, params, res }) => {
    entityOf(caller, params.entity);
    if (!(await store.deleteRecord(caller.tenantId, params.entity, params.id)))
      throw notFound(`The ${params.entity} record '${params.id}'`);
    res.status(204).end();
  });

  return router;
}

type Fields = Record<string, unknown>;

/**
 * Rejects (422) a record that does not fit its entity: fields the entity does not declare (in
 * `given`, what the caller sent) and JSON-Schema violations of the whole record (`record`).
 */
function assertFits(entity: Entity, given: Fields, record: Fields): void {
  const declared = Object.keys(entity.schema.properties);
  const details: FieldError[] =
    entity.schema.additionalProperties === true
      ? []
      : Object.keys(given)
          .filter((field) => !declared.includes(field))
          .map((field) => ({
            field,
            message: `is not a field of ${entity.id} (fields: ${declared.join(", ")})`,
          }));
  try {
    validateRecord(entity, record);
  } catch (error) {
    if (!(error instanceof StepFailure) || error.error.code !== "record/invalid") throw error;
    for (const d of error.error.details ?? [])
      details.push(
        d.message.startsWith("must have required property") ? { field: d.field, message: "is required" } : d,
      );
  }
  if (details.length === 0) return;
  throw new HttpError(
    422,
    "invalid-record",
    `The ${entity.id} record does not fit its schema: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}.`,
    `Check the fields against the entity '${entity.id}' (GET /api/definitions/entity/${entity.id}).`,
    details,
  );
}

/** The body without `id`, which (if present) must be the URL's. */
function withoutId(body: Fields, urlId: string): Fields {
  const { id, ...rest } = body;
  if (id !== undefined && id !== urlId)
    throw new HttpError(
      400,
      "invalid-request",
      `The body's id '${String(id)}' differs from the URL's '${urlId}'.`,
      "Leave 'id' out of the body, or make it match the URL.",
      [{ field: "id", message: "must equal the id in the URL" }],
    );
  return rest;
}

/** The version an `If-Match` header names (`3` or `"3"`); undefined without one, 400 when unreadable. */
function versionOf(req: Request): number | undefined {
  const header = req.get("If-Match");
  if (header === undefined) return undefined;
  const { "If-Match": value } = check(
    closed(
      {
        "If-Match": {
          type: "string",
          pattern: '^\\s*"?[1-9][0-9]{0,14}"?\\s*$',
          description: "A record version",
        },
      },
      ["If-Match"],
    ),
    { "If-Match": header },
    "header",
  );
  return Number(value.replace(/[\s"]/g, ""));
}

const stale = (current: RecordRow) =>
  new HttpError(
    412,
    "version-mismatch",
    `The ${current.entity} record '${current.id}' is at version ${current.version}, not the one If-Match names.`,
    "Read the record again, reapply your change, and send it with the new version.",
  );

/** The id and top-level scalar fields, copied into the store's look-up index (as workflow writes do). */
function indexedFields(id: string, data: Fields): Record<string, string> {
  const out: Record<string, string> = { id };
  for (const [k, v] of Object.entries(data)) {
    if ((typeof v === "string" && v.length <= 200) || typeof v === "number" || typeof v === "boolean")
      out[k] = String(v);
  }
  return out;
}

function send(res: Response, status: number, record: RecordRow): void {
  res.status(status).set("ETag", `"${record.version}"`).json(toApiRecord(record));
}

function toApiRecord(r: RecordRow) {
  return {
    id: r.id,
    version: r.version,
    data: r.data,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
