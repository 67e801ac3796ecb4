import {
  DEFINITION_KINDS,
  type DefinitionKind,
  type Diagnostic,
  formatPath,
  parseSource,
  type SourceFile,
  validateSources,
} from "@switchyard/definitions";
import type { DefinitionVersion, Store } from "@switchyard/store";
import { Router } from "express";
import { canEditRegion, canReadRegion } from "../auth/policy.js";
import type { ServerContext } from "../context.js";
import { forbidden, HttpError, notFound } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";
import { MAX_SOURCE, sourceFiles } from "../validation/source-files.js";

const MOUNT = "/api/definitions";
const TAG = "Definitions";

const Kind = { type: "string", enum: DEFINITION_KINDS, description: "The kind of definition." } as const;
const DefinitionId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  maxLength: 100,
  description: "The definition's id, e.g. lead or trade-in.appraisal.",
} as const;
const KindAndId = closed({ kind: Kind, id: DefinitionId }, ["kind", "id"]);

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;

/** The definition endpoints; bound by `definitionsRoutes` and documented in the OpenAPI document. */
export const definitionEndpoints = [
  endpoint({
    method: "get",
    path: MOUNT,
    operationId: "listDefinitions",
    tag: TAG,
    summary: "List the tenant's live definitions and drafts",
    description:
      "One entry per live version and one per draft, so a definition being edited appears twice (status `live` and `draft`).",
    permission: "definitions:read",
    query: closed({ kind: Kind }),
    responses: {
      "200": {
        description: "The definitions, by kind and id.",
        schema: closed({ definitions: { type: "array", items: ref("DefinitionSummary") } }, ["definitions"]),
      },
    },
  }),
  endpoint({
    method: "get",
    path: `${MOUNT}/{kind}/{id}`,
    operationId: "getDefinition",
    tag: TAG,
    summary: "Read a definition: its latest version (body and source) and its draft",
    permission: "definitions:read",
    params: KindAndId,
    responses: {
      "200": { description: "The definition.", schema: ref("DefinitionDetail") },
      "404": { description: "The tenant has no such definition (no version and no draft)." },
    },
  }),
  endpoint({
    method: "get",
    path: `${MOUNT}/{kind}/{id}/versions`,
    operationId: "listDefinitionVersions",
    tag: TAG,
    summary: "List a definition's versions, newest first",
    permission: "definitions:read",
    params: KindAndId,
    responses: {
      "200": {
        description: "Every stored version (immutable), newest first.",
        schema: closed({ versions: { type: "array", items: ref("VersionSummary") } }, ["versions"]),
      },
      "404": { description: "The tenant has no version of this definition." },
    },
  }),
  endpoint({
    method: "put",
    path: `${MOUNT}/{kind}/{id}/draft`,
    operationId: "saveDraft",
    tag: TAG,
    summary: "Save a draft (YAML) and validate it against the tenant's live definitions",
    description:
      "The draft is saved even when it has errors (editing in progress); `ok` says whether it is valid. Its `kind` and `id` must match the URL. A workflow or variant draft may be saved only by someone who may edit its region (the region in the draft, and the region of the live version and of the draft it replaces).",
    permission: "definitions:edit",
    params: KindAndId,
    body: closed(
      {
        source: {
          type: "string",
          maxLength: MAX_SOURCE,
          description:
            "The definition as YAML text (JSON is YAML too); see the Definition schema for its shape.",
        },
      },
      ["source"],
    ),
    responses: {
      "200": { description: "The draft was saved.", schema: ref("ValidationResult") },
      "400": { description: "The body is malformed, or the draft's kind or id differs from the URL's." },
      "403": { description: "The caller may not edit definitions, or not of this region." },
    },
  }),
  endpoint({
    method: "post",
    path: `${MOUNT}/validate`,
    operationId: "validateDefinitions",
    tag: TAG,
    summary: "Validate definition files together, without saving anything",
    permission: "definitions:read",
    body: closed(
      {
        files: sourceFiles("diagnostics"),
      },
      ["files"],
    ),
    responses: { "200": { description: "The validation report.", schema: ref("ValidationReport") } },
  }),
] as const;

const [listEndpoint, getEndpoint, versionsEndpoint, draftEndpoint, validateEndpoint] = definitionEndpoints;

/**
 * Definitions and drafts of the caller's tenant.
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function definitionsRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx;

  bind(router, listEndpoint, async ({ caller, query, res }) => {
    const kinds = query.kind ? [query.kind] : DEFINITION_KINDS;
    const live = await liveVersions(store, caller.tenantId, kinds);
    const drafts = (await store.listDrafts(caller.tenantId)).filter((d) =>
      kinds.includes(d.kind as DefinitionKind),
    );
    const entries = [
      ...live.map((v) => ({
        kind: v.kind,
        id: v.definitionId,
        version: v.version as number | null,
        status: v.status,
        ...ownership(v.body),
        updatedAt: iso(v.createdAt),
        updatedBy: v.createdBy,
      })),
      ...drafts.map((d) => ({
        kind: d.kind,
        id: d.definitionId,
        version: null,
        status: "draft",
        ...ownership(parseSource(d.source, fileName(d.kind, d.definitionId)).document?.value),
        updatedAt: iso(d.updatedAt),
        updatedBy: d.updatedBy,
      })),
    ]
      .filter((entry) => canReadRegion(caller, entry.region))
      .sort(
        (a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id) || (a.status < b.status ? -1 : 1),
      );
    res.json({ definitions: entries });
  });

  bind(router, getEndpoint, async ({ caller, params, res }) => {
    const latest = await latestVersion(store, caller.tenantId, params.kind, params.id);
    const draft = await store.getDraft(caller.tenantId, params.kind, params.id);
    if (!latest && !draft) throw notFound(`The ${params.kind} '${params.id}'`);
    // A peer's workflow is indistinguishable from a missing one.
    const region = scope(
      latest?.body ?? (draft && parseSource(draft.source, fileName(params.kind, params.id)).document?.value),
    ).region;
    if (!canReadRegion(caller, region)) throw notFound(`The ${params.kind} '${params.id}'`);
    res.json({
      kind: params.kind,
      id: params.id,
      latest: latest
        ? {
            version: latest.version,
            status: latest.status,
            hash: latest.hash,
            source: latest.source,
            body: latest.body,
            createdAt: iso(latest.createdAt),
            createdBy: latest.createdBy,
          }
        : null,
      draft: draft
        ? { source: draft.source, updatedAt: iso(draft.updatedAt), updatedBy: draft.updatedBy }
        : null,
    });
  });

  bind(router, versionsEndpoint, async ({ caller, params, res }) => {
    const latest = await latestVersion(store, caller.tenantId, params.kind, params.id);
    if (!latest || !canReadRegion(caller, scope(latest.body).region))
      throw notFound(`The ${params.kind} '${params.id}'`);
    const numbers = Array.from({ length: latest.version }, (_, i) => latest.version - i);
    const versions = await Promise.all(
      numbers.map((n) => store.getVersion(caller.tenantId, params.kind, params.id, n)),
    );
    res.json({
      versions: versions
        .filter((v) => v !== undefined)
        .map((v) => ({
          version: v.version,
          status: v.status,
          hash: v.hash,
          createdAt: iso(v.createdAt),
          createdBy: v.createdBy,
        })),
    });
  });

  bind(router, draftEndpoint, async ({ caller, params, body, res }) => {
    const { kind, id } = params;
    const file = fileName(kind, id);
    const declared = scope(parseSource(body.source, file).document?.value);
    if (declared.kind !== undefined && declared.kind !== kind)
      throw mismatch(`The draft is a ${declared.kind}, but the URL names a ${kind}.`);
    if (declared.id !== undefined && declared.id !== id)
      throw mismatch(`The draft's id is '${declared.id}', but the URL names '${id}'.`);

    const [latest, previous, live] = await Promise.all([
      latestVersion(store, caller.tenantId, kind, id),
      store.getDraft(caller.tenantId, kind, id),
      liveVersions(store, caller.tenantId, DEFINITION_KINDS),
    ]);
    const regions = new Set(
      [
        declared.region,
        scope(latest?.body).region,
        previous && scope(parseSource(previous.source, file).document?.value).region,
      ].filter((r) => r !== undefined),
    );
    for (const region of regions)
      if (!canEditRegion(caller, region))
        throw forbidden(`You may not edit definitions of region '${region}'; this ${kind} belongs to it.`);

    const context: SourceFile[] = live
      .filter((v) => !(v.kind === kind && v.definitionId === id))
      .map((v) => ({
        path: `live/${fileName(v.kind, v.definitionId, "json")}`,
        text: JSON.stringify(v.body),
      }));
    const report = validateSources([{ path: file, text: body.source }, ...context]);
    const own = report.files.find((f) => f.file === file);
    await store.putDraft({
      tenantId: caller.tenantId,
      kind,
      definitionId: id,
      source: body.source,
      updatedAt: ctx.now(),
      updatedBy: caller.username,
    });
    res.json({ ok: own?.ok ?? false, diagnostics: (own?.diagnostics ?? []).map(toApiDiagnostic) });
  });

  bind(router, validateEndpoint, async ({ caller, body, res }) => {
    // Checked against the tenant's live definitions, except those the files define themselves;
    // only the files' own diagnostics are reported.
    const sent = validateSources(body.files);
    const own = new Set(sent.definitions.map((d) => `${d.kind}:${d.id}`));
    const live = await liveVersions(store, caller.tenantId, DEFINITION_KINDS);
    const context: SourceFile[] = live
      .filter((v) => !own.has(`${v.kind}:${v.definitionId}`))
      .map((v) => ({
        path: `live/${fileName(v.kind, v.definitionId, "json")}`,
        text: JSON.stringify(v.body),
      }));
    const report = validateSources([...body.files, ...context]);
    const files = new Set(body.files.map((f) => f.path));
    const diagnostics = report.diagnostics.filter(
      (d) => d.location === undefined || files.has(d.location.file),
    );
    res.json({
      ok: !diagnostics.some((d) => d.severity === "error"),
      diagnostics: diagnostics.map(toApiDiagnostic),
      definitions: report.definitions
        .filter((d) => files.has(d.file))
        .map((d) => ({ file: d.file, kind: d.kind, id: d.id, valid: d.valid })),
    });
  });

  return router;
}

/** A diagnostic as the API returns it: location flattened, path as users read it. */
export function toApiDiagnostic(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint,
    file: d.location?.file ?? null,
    line: d.location?.line ?? null,
    column: d.location?.column ?? null,
    path: d.path && d.path.length > 0 ? formatPath(d.path) : null,
  };
}

async function liveVersions(
  store: Store,
  tenantId: string,
  kinds: readonly DefinitionKind[],
): Promise<DefinitionVersion[]> {
  const perKind = await Promise.all(kinds.map((kind) => store.versionsWithStatus(tenantId, kind, "live")));
  return perKind.flat();
}

/** The newest stored version of a definition, whatever its status. */
export async function latestVersion(
  store: Store,
  tenantId: string,
  kind: string,
  id: string,
): Promise<DefinitionVersion | undefined> {
  return (await store.latestVersions(tenantId, kind)).find((v) => v.definitionId === id);
}

/** The fields of a (possibly half-written) definition that say what it is and whose it is. */
export function scope(value: unknown): { kind?: string; id?: string; region?: string; owner?: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const text = (key: string) => (typeof v[key] === "string" ? { [key]: v[key] } : {});
  return { ...text("kind"), ...text("id"), ...text("region"), ...text("owner") };
}

function ownership(value: unknown): { region?: string; owner?: string } {
  const { region, owner } = scope(value);
  return { ...(region === undefined ? {} : { region }), ...(owner === undefined ? {} : { owner }) };
}

const fileName = (kind: string, id: string, extension = "yaml") => `${id}.${kind}.${extension}`;

const iso = (ms: number) => new Date(ms).toISOString();

const mismatch = (message: string) =>
  new HttpError(400, "definition-mismatch", message, "Make the draft's 'kind' and 'id' match the URL.");
