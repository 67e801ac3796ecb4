import path from "node:path";
import { type SourceFile, validateSources } from "@switchyard/definitions";
import { type ImportResult, importBundle, readTemplates, type Template } from "@switchyard/runtime";
import { Router } from "express";
import type { Principal } from "../auth/principal.js";
import type { ServerContext } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";
import { latestVersion, scope, toApiDiagnostic } from "./definitions.js";
import { assertMayAct } from "./workflow-scope.js";
import { sourceFiles } from "../validation/source-files.js";

/** The repository's `templates/` folder (the same from src/routes and dist/routes). */
export const TEMPLATES_DIR = path.resolve(import.meta.dirname, "../../../../templates");

const TAG = "Templates";

const TemplateId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  maxLength: 100,
  description: "The template's bundle id, e.g. fmcg.store-display-kit.",
} as const;
const OnConflict = {
  enum: ["refuse", "keep-existing"],
  description:
    "An id the tenant already has with different content: refuse the whole import (default), or keep the tenant's definition.",
} as const;
const TemplateSummary = {
  type: "object",
  required: ["id", "name", "version", "description", "industry", "scenarios"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    version: { type: "string" },
    description: { type: "string" },
    industry: { type: ["string", "null"] },
    scenarios: { type: "array", items: { type: "string" } },
  },
} as const;
const ImportAnswer = {
  description:
    "Imported: entities, components, forms and entity variants published; workflows (and workflow variants) saved as drafts; definitions identical to the tenant's unchanged; conflicting ones kept (with `keep-existing`).",
  schema: closed(
    {
      published: { type: "array", description: "{kind, id, version} of each published definition." },
      drafts: { type: "array", items: { type: "string" }, description: "Workflow ids saved as drafts." },
      unchanged: { type: "array", description: "{kind, id} the tenant already has as they are." },
      kept: {
        type: "array",
        description: "Conflicts kept as the tenant has them: {kind, id, file, existing}.",
      },
    },
    ["published", "drafts", "unchanged", "kept"],
  ),
};
const importRefusals = {
  "403": {
    description: "The caller may not import, or not workflows or variants of a region in the bundle.",
  },
  "409": {
    description:
      "`import/conflicts`: the tenant has some of these ids with different content; `conflicts` lists them ({kind, id, file, existing}). Nothing was imported.",
  },
  "422": {
    description:
      "`import/invalid`, `import/not-whitelisted`, `import/compliance-blocked` or `import/empty`: the error has `problems` (by file, line and column), `diagnostics` and `compliance`. Nothing was imported.",
  },
} as const;

/** The template catalog and the one-step import of a template or of any bundle. */
export const templateEndpoints = [
  endpoint({
    method: "get",
    path: "/api/templates",
    operationId: "listTemplates",
    tag: TAG,
    summary: "The industry templates this server ships",
    permission: "definitions:read",
    responses: {
      "200": {
        description: "Each template's manifest (no file texts).",
        schema: closed({ templates: { type: "array", items: TemplateSummary } }, ["templates"]),
      },
    },
  }),
  endpoint({
    method: "get",
    path: "/api/templates/{id}",
    operationId: "getTemplate",
    tag: TAG,
    summary: "A template: its manifest, README and files",
    permission: "definitions:read",
    params: closed({ id: TemplateId }, ["id"]),
    responses: {
      "200": {
        description:
          "The manifest, the README (Markdown) and the files: the bundle first, then the definitions it includes ({path, kind, id, text}).",
      },
      "404": { description: "No template has this id." },
    },
  }),
  endpoint({
    method: "post",
    path: "/api/templates/{id}/import",
    operationId: "importTemplate",
    tag: TAG,
    summary: "Import a template into the tenant in one step; its workflows arrive as drafts",
    description:
      "Checked as a whole (validation, whitelist, compliance, conflicts) before anything changes. One `template-import` audit entry records it. A process owner imports only templates whose workflows and variants belong to a region they may edit.",
    permission: "templates:import",
    params: closed({ id: TemplateId }, ["id"]),
    body: closed({ onConflict: OnConflict }),
    responses: { "201": ImportAnswer, "404": { description: "No template has this id." }, ...importRefusals },
  }),
  endpoint({
    method: "post",
    path: "/api/bundles/import",
    operationId: "importBundle",
    tag: TAG,
    summary: "Import a bundle (a bundle file and the files it includes) in one step",
    description:
      "Like importing a template, for a bundle of your own or another tenant's export: the files are a `*.bundle.yaml` and the definitions it includes (or carries inline).",
    permission: "templates:import",
    body: closed(
      {
        files: sourceFiles("problems"),
        onConflict: OnConflict,
      },
      ["files"],
    ),
    responses: { "201": ImportAnswer, ...importRefusals },
  }),
] as const;

const [list, detail, importTemplate, importFiles] = templateEndpoints;

/** The templates routes; mount at the root. `dir` is where the templates are read from. */
export function templatesRoutes(ctx: ServerContext, dir: string = TEMPLATES_DIR): Router {
  const router = Router();
  let catalog: Template[] | undefined;
  // Read once, on first use: the templates ship with the server.
  const templates = () => (catalog ??= readTemplates(dir));
  const find = (id: string) => {
    const template = templates().find((t) => t.id === id);
    if (!template) throw notFound(`The template '${id}'`);
    return template;
  };

  bind(router, list, async ({ res }) => {
    res.json({ templates: templates().map(summary) });
  });

  bind(router, detail, async ({ params, res }) => {
    const template = find(params.id);
    const kinds = new Map(validateSources(template.files).definitions.map((d) => [d.file, d]));
    res.json({
      ...summary(template),
      readme: template.readme,
      files: template.files.map((f) => ({
        path: f.path,
        kind: kinds.get(f.path)?.kind ?? null,
        id: kinds.get(f.path)?.id ?? null,
        text: f.text,
      })),
    });
  });

  const run = async (caller: Principal, files: readonly SourceFile[], onConflict: string | undefined) => {
    await assertMayImport(ctx, caller, files);
    const result = await importBundle(ctx.lifecycle, ctx.store, caller.tenantId, files, caller.username, {
      onConflict: onConflict === "keep-existing" ? "keep-existing" : "refuse",
      now: ctx.now(),
    });
    if (!result.ok) throw refusal(result);
    const { published, drafts, unchanged, kept } = result;
    return { published, drafts, unchanged, kept };
  };

  bind(router, importTemplate, async ({ caller, params, body, res }) => {
    res.status(201).json(await run(caller, find(params.id).files, body.onConflict));
  });

  bind(router, importFiles, async ({ caller, body, res }) => {
    res.status(201).json(await run(caller, body.files, body.onConflict));
  });

  return router;
}

function summary(t: Template) {
  const { id, name, version, description, industry, scenarios } = t;
  return { id, name, version, description, industry: industry ?? null, scenarios };
}

/**
 * 403 unless the caller may change every workflow and variant the bundle carries (inline ones
 * included): their declared region, and the region of the tenant's version of the same id.
 */
async function assertMayImport(
  ctx: ServerContext,
  caller: Principal,
  files: readonly SourceFile[],
): Promise<void> {
  for (const d of validateSources(files).definitions) {
    if (d.kind !== "workflow" && d.kind !== "variant") continue;
    const latest = await latestVersion(ctx.store, caller.tenantId, d.kind, d.id);
    for (const region of new Set([scope(d.definition).region, scope(latest?.body).region]))
      assertMayAct(caller, region, `${d.kind} ${d.id} in ${d.file}`);
  }
}

/** A refused import as the API answers it: conflicts 409, anything else 422 (nothing was imported). */
function refusal(result: Extract<ImportResult, { ok: false }>): HttpError {
  if (result.code === "conflicts")
    return new HttpError(409, "import/conflicts", result.message, CONFLICT_HINT, [], {
      conflicts: result.conflicts,
    });
  return new HttpError(422, `import/${result.code}`, result.message, IMPORT_HINT[result.code], [], {
    problems: result.refusal?.problems ?? [],
    diagnostics: (result.diagnostics ?? result.refusal?.diagnostics ?? []).map(toApiDiagnostic),
    compliance: result.refusal?.compliance ?? [],
  });
}

const CONFLICT_HINT =
  "Import again with onConflict 'keep-existing' to keep the tenant's versions, or give the bundle's definitions new ids.";

const IMPORT_HINT = {
  invalid: "Fix the errors in `diagnostics` (by file, line and column) and import again.",
  "not-whitelisted":
    "Ask an IT admin to approve the components in `problems` (POST /api/components/whitelist), then import again.",
  "compliance-blocked":
    "The bundle uses sensitive fields in decisions (see `problems`); publish it with justifications instead.",
  empty: "Send the bundle file together with the definition files it includes.",
} as const;
