import {
  type Change,
  DEFINITION_KINDS,
  type Definition,
  describeValue,
  diffDefinitions,
  diffWorkflows,
  summarizeWorkflowDiff,
  type Workflow,
} from "@switchyard/definitions";
import type { DefinitionVersion } from "@switchyard/store";
import { Router } from "express";
import { canReadRegion } from "../auth/policy.js";
import type { ServerContext } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";
import { latestVersion, scope } from "./definitions.js";
import { reachWorkflow } from "./workflow-scope.js";

const Kind = { type: "string", enum: DEFINITION_KINDS, description: "The kind of definition." } as const;
const DefinitionId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  maxLength: 100,
  description: "The definition's id, e.g. lead or rebate.monthly-payout.",
} as const;
const Version = {
  type: "integer",
  minimum: 1,
  maximum: 999_999_999,
  description: "A version number of the definition.",
} as const;
const anyJson = { description: "Any JSON value." };
const strings = { type: "array", items: { type: "string" } } as const;

const DiffSchema = {
  type: "object",
  description: "What changed from one version of a definition to another.",
  required: ["kind", "id", "from", "to", "summary", "diff"],
  properties: {
    kind: { type: "string" },
    id: { type: "string" },
    from: { type: "integer" },
    to: { type: "integer" },
    summary: { ...strings, description: "One line per change, as people read it." },
    diff: {
      ...anyJson,
      description:
        "Workflows: steps (added, removed, changed, moved), edges, triggers, vars, policies, other and `empty`. Other kinds: `{ changes: [{ path, label, kind, before?, after? }] }`.",
    },
  },
} as const;

const FieldChanges = {
  type: "array",
  items: {
    type: "object",
    required: ["step", "added", "removed"],
    properties: { step: { type: "string" }, added: strings, removed: strings },
  },
} as const;
const LineageSchema = {
  type: "object",
  description: "Per step, the entity fields a version reads and writes; with `compareTo`, the change.",
  required: ["workflowId", "version", "steps"],
  properties: {
    workflowId: { type: "string" },
    version: { type: "integer" },
    steps: {
      type: "array",
      items: {
        type: "object",
        required: ["step", "reads", "writes"],
        properties: { step: { type: "string" }, reads: strings, writes: strings },
      },
    },
    changes: {
      type: "object",
      required: ["from", "reads", "writes"],
      properties: { from: { type: "integer" }, reads: FieldChanges, writes: FieldChanges },
    },
  },
} as const;

/** Read-only views over a definition's stored versions: what changed between two, and lineage. */
export const historyEndpoints = [
  endpoint({
    method: "get",
    path: "/api/definitions/{kind}/{id}/diff",
    operationId: "diffDefinitionVersions",
    tag: "Definitions",
    summary: "What changed between two versions of a definition, by meaning",
    description:
      "Workflows are diffed by meaning (steps matched by id, edges, conditions, triggers, policies); other kinds field by field, elements with an `id` matched by it. Layout is ignored. `from` may be newer than `to`.",
    permission: "definitions:read",
    params: closed({ kind: Kind, id: DefinitionId }, ["kind", "id"]),
    query: closed({ from: Version, to: Version }, ["from", "to"]),
    responses: {
      "200": { description: "The summary lines and the structured diff.", schema: DiffSchema },
      "400": { description: "`from` or `to` is missing or not a positive whole number." },
      "404": {
        description:
          "No such definition (or one of a region the caller may not read), or no such version (`unknown-version`).",
      },
    },
  }),
  endpoint({
    method: "get",
    path: "/api/workflows/{id}/versions/{version}/lineage",
    operationId: "getVersionLineage",
    tag: "Lifecycle",
    summary: "The entity fields each step of a version reads and writes, and the change from another version",
    permission: "definitions:read",
    params: closed(
      {
        id: DefinitionId,
        version: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "A version number." },
      },
      ["id", "version"],
    ),
    query: closed({ compareTo: { ...Version, description: "The version to compare with." } }),
    responses: {
      "200": { description: "The lineage.", schema: LineageSchema },
      "404": { description: "No such workflow, or no such version (`lifecycle/unknown-version`)." },
    },
  }),
  endpoint({
    method: "get",
    path: "/api/definitions/{kind}/{id}/versions/{version}",
    operationId: "getDefinitionVersion",
    tag: "Definitions",
    summary: "One stored version of a definition: its YAML as published, and its body",
    permission: "definitions:read",
    params: closed(
      {
        kind: Kind,
        id: DefinitionId,
        version: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "A version number." },
      },
      ["kind", "id", "version"],
    ),
    responses: {
      "200": {
        description: "The version.",
        schema: {
          type: "object",
          required: ["kind", "id", "version", "status", "hash", "source", "body", "createdAt", "createdBy"],
          properties: {
            kind: { type: "string" },
            id: { type: "string" },
            version: { type: "integer" },
            status: { type: "string" },
            hash: { type: "string" },
            source: { type: "string", description: "The YAML the version was published from." },
            body: anyJson,
            createdAt: { type: "string", format: "date-time" },
            createdBy: { type: "string" },
          },
        },
      },
      "404": {
        description: "No such definition (or one of a region the caller may not read), or no such version.",
      },
    },
  }),
] as const;

const [diffEndpoint, lineageEndpoint, versionEndpoint] = historyEndpoints;

/** The version-history routes; mount at the root. */
export function historyRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx;

  bind(router, diffEndpoint, async ({ caller, params, query, res }) => {
    const { kind, id } = params;
    const latest = await latestVersion(store, caller.tenantId, kind, id);
    // A peer region's definition is indistinguishable from a missing one, as for every other read.
    if (!latest || !canReadRegion(caller, scope(latest.body).region)) throw notFound(`The ${kind} '${id}'`);
    const version = async (n: number): Promise<DefinitionVersion> => {
      const found = await store.getVersion(caller.tenantId, kind, id, n);
      if (!found) throw unknownVersion(kind, id, n, latest.version);
      return found;
    };
    const [before, after] = [await version(query.from), await version(query.to)];
    const answer = { kind, id, from: query.from, to: query.to };
    if (kind === "workflow") {
      const diff = diffWorkflows(before.body as Workflow, after.body as Workflow);
      res.json({ ...answer, summary: summarizeWorkflowDiff(diff), diff });
    } else {
      const diff = diffDefinitions(before.body as Definition, after.body as Definition);
      res.json({ ...answer, summary: diff.changes.map(summarizeChange), diff });
    }
  });

  bind(router, lineageEndpoint, async ({ caller, params, query, res }) => {
    await reachWorkflow(ctx, caller, params.id, "read");
    // An unknown version (either one) is the lifecycle's `lifecycle/unknown-version`, answered 404.
    res.json(
      await ctx.lifecycle.lineage(caller.tenantId, params.id, Number(params.version), query.compareTo),
    );
  });

  bind(router, versionEndpoint, async ({ caller, params, res }) => {
    const { kind, id } = params;
    const latest = await latestVersion(store, caller.tenantId, kind, id);
    if (!latest || !canReadRegion(caller, scope(latest.body).region)) throw notFound(`The ${kind} '${id}'`);
    const v = await store.getVersion(caller.tenantId, kind, id, Number(params.version));
    if (!v) throw unknownVersion(kind, id, Number(params.version), latest.version);
    res.json({
      kind,
      id,
      version: v.version,
      status: v.status,
      hash: v.hash,
      source: v.source,
      body: v.body,
      createdAt: new Date(v.createdAt).toISOString(),
      createdBy: v.createdBy,
    });
  });

  return router;
}

/** One change of a structural diff as one line, worded like a workflow diff's summary lines. */
export function summarizeChange(change: Change): string {
  const where = change.label === "" ? "(the whole definition)" : change.label;
  switch (change.kind) {
    case "added":
      return `${where} added: ${describeValue(change.after)}`;
    case "removed":
      return `${where} removed (was ${describeValue(change.before)})`;
    case "moved":
      return `${where} moved from position ${Number(change.before) + 1} to ${Number(change.after) + 1}`;
    default:
      return `${where} ${describeValue(change.before)} → ${describeValue(change.after)}`;
  }
}

const unknownVersion = (kind: string, id: string, version: number, newest: number) =>
  new HttpError(
    404,
    "unknown-version",
    `The ${kind} '${id}' has no version ${version}; its newest is version ${newest}.`,
    `GET /api/definitions/${kind}/${id}/versions lists its versions.`,
  );
