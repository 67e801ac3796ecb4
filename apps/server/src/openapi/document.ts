import { CSRF_HEADER } from "../auth/csrf.js";
import { SESSION_COOKIE } from "../auth/sessions.js";
import { auditEndpoints } from "../routes/audit.js";
import { breakerEndpoints } from "../routes/breakers.js";
import { bundleExportEndpoints } from "../routes/bundle-export.js";
import { definitionEndpoints } from "../routes/definitions.js";
import { eventEndpoints } from "../routes/events.js";
import { historyEndpoints } from "../routes/history.js";
import { lifecycleEndpoints } from "../routes/lifecycle.js";
import { recordEndpoints } from "../routes/records.js";
import { runEndpoints } from "../routes/runs.js";
import { taskEndpoints } from "../routes/tasks.js";
import { templateEndpoints } from "../routes/templates.js";
import { webhookEndpoints } from "../routes/webhooks.js";
import { whitelistEndpoints } from "../routes/whitelist.js";
import type { Endpoint, ResponseSpec } from "../validation/endpoint.js";
import type { JsonSchema } from "../validation/schema.js";
import { componentSchemas } from "./components.js";

/** Every endpoint the routers in `routes/` bind. */
export const API_ENDPOINTS: readonly Endpoint[] = [
  ...definitionEndpoints,
  ...historyEndpoints,
  ...lifecycleEndpoints,
  ...runEndpoints,
  ...taskEndpoints,
  ...eventEndpoints,
  ...webhookEndpoints,
  ...recordEndpoints,
  ...auditEndpoints,
  ...breakerEndpoints,
  ...whitelistEndpoints,
  ...templateEndpoints,
  ...bundleExportEndpoints,
];

const TAGS = [
  {
    name: "Definitions",
    description: "Workflows, entities, forms, components, variants and bundles: drafts and validation.",
  },
  {
    name: "Lifecycle",
    description:
      "The governed path to live: publish (whitelist and compliance checks), shadow runs and their report, sign-off, promotion, rollback and retirement.",
  },
  { name: "Runs", description: "Run history: status, state and the timeline of steps." },
  { name: "Tasks", description: "Human tasks (approvals and forms) that waiting runs resume from." },
  { name: "Events", description: "Events that start workflows; idempotent with an Idempotency-Key." },
  { name: "Webhooks", description: "Inbound HTTP calls from other systems, turned into events." },
  { name: "Records", description: "Entity records, validated against the entity's JSON Schema." },
  {
    name: "Audit",
    description: "The hash-chained audit log: who changed what, when, and which data it touches.",
  },
  {
    name: "Breakers",
    description: "Circuit breakers that hold runs when a live version or a component misbehaves.",
  },
  {
    name: "Components",
    description: "The component whitelist: what IT approved for publishing and running.",
  },
  {
    name: "Templates",
    description: "Industry templates and bundles, imported in one step (workflows as drafts).",
  },
  { name: "Documentation", description: "This document and its docs page." },
];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** Answers every operation may give, documented once. */
const COMMON_RESPONSES = {
  BadRequest: errorResponse(
    "The request is malformed (bad JSON, a wrong type, an unknown or missing field); `details` names each field.",
  ),
  Unauthenticated: errorResponse("No valid session cookie or API token."),
  Forbidden: errorResponse("The caller's roles do not grant the permission this operation needs."),
  TooLarge: errorResponse("The request body is larger than 1 MiB."),
};

/**
 * The OpenAPI 3.1 document of the API, built from the same endpoint descriptions and JSON Schemas
 * the routers validate requests with. `extra` adds endpoints described elsewhere (auth, users).
 */
export function openApiDocument(extra: readonly Endpoint[] = []): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {
    "/api/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        tags: ["Documentation"],
        summary: "This OpenAPI document",
        security: [],
        responses: { "200": { description: "The document.", content: { "application/json": {} } } },
      },
    },
    "/api/docs": {
      get: {
        operationId: "getApiDocs",
        tags: ["Documentation"],
        summary: "An interactive docs page for this document",
        security: [],
        responses: { "200": { description: "An HTML page.", content: { "text/html": {} } } },
      },
    },
  };
  for (const e of [...API_ENDPOINTS, ...extra]) (paths[e.path] ??= {})[e.method] = operation(e);
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "0.1.0",
      description:
        "The REST API of Switchyard, the low-code workflow builder for CRM teams: definitions and their governed lifecycle, runs, tasks, events, webhooks, records, circuit breakers and the component whitelist. Every call acts within the caller's tenant. See docs/api.md for examples and docs/security.md for authentication.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/" }],
    tags: TAGS,
    paths,
    components: {
      schemas: componentSchemas(),
      responses: COMMON_RESPONSES,
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "The studio's session cookie (httpOnly, SameSite), set by POST /api/auth/login.",
        },
        csrf: {
          type: "apiKey",
          in: "header",
          name: CSRF_HEADER,
          description: "With a session cookie, requests that change something also send the CSRF token.",
        },
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API token, for machines and the CLI: `Authorization: Bearer <token>`.",
        },
      },
    },
  };
}

function operation(e: Endpoint): Record<string, unknown> {
  const safe = e.method === "get";
  const parameters = [
    ...pathParameters(e),
    ...fieldsOf(e.query).map(([name, schema, required]) => ({ name, in: "query", required, schema })),
    ...(e.headers ?? []).map((h) => ({
      name: h.name,
      in: "header",
      description: h.description,
      schema: h.schema,
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(e.responses)) responses[status] = response(status, spec);
  if (parameters.length > 0 || e.body) responses["400"] ??= { $ref: "#/components/responses/BadRequest" };
  responses["401"] ??= { $ref: "#/components/responses/Unauthenticated" };
  responses["403"] ??= { $ref: "#/components/responses/Forbidden" };
  if (e.body) responses["413"] ??= { $ref: "#/components/responses/TooLarge" };
  return {
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: [e.description, `Needs the permission \`${e.permission}\`.`].filter(Boolean).join("\n\n"),
    ...(parameters.length ? { parameters } : {}),
    ...(e.body
      ? { requestBody: { required: true, content: { "application/json": { schema: e.body } } } }
      : {}),
    responses: sortByStatus(responses),
    security: safe ? [{ session: [] }, { bearer: [] }] : [{ session: [], csrf: [] }, { bearer: [] }],
    "x-permission": e.permission,
  };
}

/** Every `{name}` in the path, with its schema from `params` where there is one. */
function pathParameters(e: Endpoint) {
  const schemas = new Map(fieldsOf(e.params).map(([name, schema]) => [name, schema]));
  return [...e.path.matchAll(/\{([^}]+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    schema: schemas.get(name) ?? { type: "string" },
  }));
}

function fieldsOf(schema: JsonSchema | undefined): [string, JsonSchema, boolean][] {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as readonly string[];
  return Object.entries(properties).map(([name, s]) => [name, s, required.includes(name)]);
}

function response(status: string, spec: ResponseSpec): Record<string, unknown> {
  const schema = spec.schema ?? (Number(status) >= 400 ? { $ref: "#/components/schemas/Error" } : undefined);
  return {
    description: spec.description,
    ...(schema ? { content: { "application/json": { schema } } } : {}),
    ...(spec.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(spec.headers).map(([name, description]) => [
              name,
              { description, schema: { type: "string" } },
            ]),
          ),
        }
      : {}),
  };
}

function sortByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
