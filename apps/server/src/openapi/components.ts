import { DEFINITION_KINDS, publishedSchemas } from "@switchyard/definitions";
import type { JsonSchema } from "../validation/schema.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const dateTime = { type: "string", format: "date-time" } as const;
const nullable = (schema: JsonSchema) => ({ oneOf: [schema, { type: "null" }] });
const anyJson = { description: "Any JSON value." };

/** `workflow` → `Workflow`: the component name of a definition kind's schema. */
export const kindSchemaName = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);

/**
 * The definition kinds' JSON Schemas, as the definitions package publishes them (the same ones
 * editors use), keyed by component name, plus `Definition`: any of them, told apart by `kind`.
 */
function definitionSchemas(): Record<string, JsonSchema> {
  const published = publishedSchemas();
  const out: Record<string, JsonSchema> = {};
  for (const kind of DEFINITION_KINDS) {
    // `$schema` is implied by OpenAPI 3.1's dialect; `$id` stays, for the schemas' own inner refs.
    const { $schema: _dialect, ...schema } = published[`${kind}.schema.json`] as Record<string, unknown>;
    out[kindSchemaName(kind)] = schema;
  }
  out.Definition = {
    description: "Any Switchyard definition; `kind` says which.",
    oneOf: DEFINITION_KINDS.map((kind) => ref(kindSchemaName(kind))),
    discriminator: {
      propertyName: "kind",
      mapping: Object.fromEntries(
        DEFINITION_KINDS.map((k) => [k, `#/components/schemas/${kindSchemaName(k)}`]),
      ),
    },
  };
  return out;
}

const Diagnostic = {
  type: "object",
  description: "One problem found in a definition, located in its source.",
  required: ["code", "severity", "message", "hint", "file", "line", "column", "path"],
  properties: {
    code: { type: "string", examples: ["ref/unknown-step"], description: "Stable; see docs/definitions.md." },
    severity: { enum: ["error", "warning"] },
    message: { type: "string" },
    hint: { type: "string" },
    file: nullable({ type: "string" }),
    line: nullable({ type: "integer" }),
    column: nullable({ type: "integer" }),
    path: nullable({ type: "string", examples: ["steps[2].next[0].to"] }),
  },
};

const runFields = {
  id: { type: "string" },
  workflowId: { type: "string" },
  version: { type: "integer" },
  mode: { enum: ["live", "shadow"] },
  trigger: { type: "string" },
  eventId: nullable({ type: "string" }),
  parentRunId: nullable({ type: "string" }),
  status: { enum: ["running", "waiting", "completed", "failed", "paused", "cancelled"] },
  error: anyJson,
  startedAt: dateTime,
  updatedAt: dateTime,
  finishedAt: nullable(dateTime),
};

/** The schemas responses refer to (`#/components/schemas/<name>`). */
export function componentSchemas(): Record<string, JsonSchema> {
  return {
    Error: {
      type: "object",
      description: "Every error answer has this body.",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message", "hint", "details"],
          properties: {
            code: { type: "string", examples: ["invalid-request"], description: "Stable; see docs/api.md." },
            message: { type: "string" },
            hint: { type: "string" },
            details: {
              type: "array",
              items: {
                type: "object",
                required: ["field", "message"],
                properties: { field: { type: "string" }, message: { type: "string" } },
              },
            },
          },
        },
      },
    },
    Diagnostic,
    ValidationResult: {
      type: "object",
      required: ["ok", "diagnostics"],
      properties: { ok: { type: "boolean" }, diagnostics: { type: "array", items: ref("Diagnostic") } },
    },
    ValidationReport: {
      type: "object",
      required: ["ok", "diagnostics", "definitions"],
      properties: {
        ok: { type: "boolean" },
        diagnostics: { type: "array", items: ref("Diagnostic") },
        definitions: {
          type: "array",
          items: {
            type: "object",
            properties: {
              file: { type: "string" },
              kind: { type: "string" },
              id: { type: "string" },
              valid: { type: "boolean" },
            },
          },
        },
      },
    },
    DefinitionSummary: {
      type: "object",
      required: ["kind", "id", "version", "status", "updatedAt", "updatedBy"],
      properties: {
        kind: { enum: DEFINITION_KINDS },
        id: { type: "string" },
        version: nullable({ type: "integer" }),
        status: { type: "string", examples: ["live", "draft"] },
        region: { type: "string" },
        owner: { type: "string" },
        updatedAt: dateTime,
        updatedBy: { type: "string" },
      },
    },
    DefinitionDetail: {
      type: "object",
      required: ["kind", "id", "latest", "draft"],
      properties: {
        kind: { enum: DEFINITION_KINDS },
        id: { type: "string" },
        latest: nullable({
          type: "object",
          properties: {
            version: { type: "integer" },
            status: { type: "string" },
            hash: { type: "string" },
            source: { type: "string", description: "The YAML the version was published from." },
            body: ref("Definition"),
            createdAt: dateTime,
            createdBy: { type: "string" },
          },
        }),
        draft: nullable({
          type: "object",
          properties: { source: { type: "string" }, updatedAt: dateTime, updatedBy: { type: "string" } },
        }),
      },
    },
    VersionSummary: {
      type: "object",
      properties: {
        version: { type: "integer" },
        status: { type: "string" },
        hash: { type: "string" },
        createdAt: dateTime,
        createdBy: { type: "string" },
      },
    },
    RunSummary: { type: "object", properties: runFields },
    Run: { type: "object", properties: { ...runFields, state: anyJson } },
    StepExecution: {
      type: "object",
      properties: {
        stepId: { type: "string" },
        tokenId: { type: "string" },
        attempt: { type: "integer" },
        status: { enum: ["completed", "failed", "waiting", "retrying", "resumed"] },
        input: anyJson,
        output: anyJson,
        error: anyJson,
        explanation: anyJson,
        effects: anyJson,
        startedAt: dateTime,
        finishedAt: dateTime,
      },
    },
    Task: {
      type: "object",
      properties: {
        id: { type: "string" },
        runId: { type: "string" },
        kind: { enum: ["approval", "form"] },
        title: { type: "string" },
        assignees: { type: "array", items: { type: "string" } },
        payload: anyJson,
        status: { enum: ["open", "completed", "cancelled"] },
        result: anyJson,
        createdAt: dateTime,
        dueAt: nullable(dateTime),
        completedAt: nullable(dateTime),
        completedBy: nullable({ type: "string" }),
      },
    },
    Record: {
      type: "object",
      required: ["id", "version", "data"],
      properties: {
        id: { type: "string" },
        version: { type: "integer", description: "Goes up by one with every write; send it as If-Match." },
        data: { type: "object", description: "The record's fields, as its entity's schema describes them." },
        createdAt: dateTime,
        updatedAt: dateTime,
      },
    },
    Ingested: {
      type: "object",
      required: ["eventId", "accepted"],
      properties: {
        eventId: { type: "string" },
        accepted: { type: "boolean", description: "false when the idempotency key was seen before." },
      },
    },
    ...definitionSchemas(),
  };
}
