import { parseSource } from "@switchyard/definitions";
import { EXPORTED_KINDS, exportBundle } from "@switchyard/runtime";
import { Router } from "express";
import type { ServerContext } from "../context.js";
import { HttpError } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";

const TAG = "Templates";
const ID_PATTERN = "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$";
const ID = new RegExp(ID_PATTERN);
const MAX_ONLY = 10_000;

/** A tenant's whole configuration (or a selection of it) as one bundle file, for import elsewhere. */
export const bundleExportEndpoints = [
  endpoint({
    method: "get",
    path: "/api/bundles/export",
    operationId: "exportBundle",
    tag: TAG,
    summary: "Export the tenant's configuration as one bundle file",
    description:
      "Answers `text/yaml` (with `Content-Disposition: attachment`): a bundle with every definition inline — the live version of each entity, component and form, and of each workflow and variant its draft if it has one, else its live version. Canonical YAML sorted by kind then id, so the same configuration always exports to the same bytes, and importing the file (POST /api/bundles/import) into an empty tenant and exporting there gives the same file again.",
    permission: "templates:manage",
    query: closed({
      only: {
        type: "string",
        maxLength: MAX_ONLY,
        description: `Only these definitions, as comma-separated \`kind/id\` (kinds: ${EXPORTED_KINDS.join(", ")}); default everything.`,
      },
      id: {
        type: "string",
        pattern: ID_PATTERN,
        maxLength: 100,
        description: "The bundle's id (default `<tenant>.configuration`).",
      },
      name: {
        type: "string",
        minLength: 1,
        maxLength: 200,
        description: "The bundle's name (default `<tenant> configuration`).",
      },
      version: {
        type: "string",
        pattern: "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$",
        maxLength: 50,
        description: "The bundle's semantic version (default 1.0.0).",
      },
    }),
    responses: {
      "200": {
        description: "The bundle's YAML, as `text/yaml; charset=utf-8`.",
        headers: { "Content-Disposition": 'attachment; filename="<id>.bundle.yaml"' },
      },
      "400": {
        description:
          "`invalid-request`: an `only` entry is not `kind/id`, or names a kind that is not exported; or `id`, `name` or `version` is malformed.",
      },
      "404": { description: "`not-found`: an `only` entry names a definition the tenant does not have." },
    },
  }),
] as const;

const [exportEndpoint] = bundleExportEndpoints;

/** The bundle export route; mount at the root. */
export function bundleExportRoutes(ctx: ServerContext): Router {
  const router = Router();

  bind(router, exportEndpoint, async ({ caller, query, res }) => {
    const tenant = caller.tenantId;
    const only = query.only === undefined ? undefined : selection(query.only);
    const id = query.id ?? defaultBundleId(tenant);
    const text = await exportBundle(ctx.store, tenant, {
      id,
      name: query.name ?? `${tenant} configuration`,
      version: query.version ?? "1.0.0",
      ...(only ? { only } : {}),
    });
    if (only) assertAllFound(only, text);
    res
      .status(200)
      .type("text/yaml; charset=utf-8")
      .set("Content-Disposition", `attachment; filename="${id}.bundle.yaml"`)
      .send(text);
  });

  return router;
}

/** `entity/lead, workflow/approve-lead` → the entries, each checked (400 naming the first bad one). */
function selection(raw: string): string[] {
  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) throw badOnly("names no definitions", "Leave 'only' out to export everything.");
  const kinds: readonly string[] = EXPORTED_KINDS;
  for (const entry of entries) {
    const [kind, id, ...more] = entry.split("/");
    if (kind === undefined || id === undefined || more.length > 0 || !ID.test(id))
      throw badOnly(
        `entry '${entry}' is not kind/id`,
        "Write each entry as kind/id, e.g. workflow/approve-lead.",
      );
    if (!kinds.includes(kind))
      throw badOnly(`entry '${entry}' names the kind '${kind}', which is not exported`);
  }
  return [...new Set(entries)];
}

const badOnly = (problem: string, hint = `The kinds are: ${EXPORTED_KINDS.join(", ")}.`) =>
  new HttpError(400, "invalid-request", `The query's 'only' ${problem}.`, hint, [
    { field: "only", message: problem },
  ]);

/** 404 when the selection names definitions the export does not hold (the tenant has no such id). */
function assertAllFound(only: readonly string[], text: string): void {
  const bundle = parseSource(text, "export.bundle.yaml").document?.value as
    { definitions?: readonly { kind?: unknown; id?: unknown }[] } | undefined;
  const found = new Set((bundle?.definitions ?? []).map((d) => `${String(d.kind)}/${String(d.id)}`));
  const missing = only.filter((entry) => !found.has(entry));
  if (missing.length > 0)
    throw new HttpError(
      404,
      "not-found",
      `The tenant has no ${missing.join(", ")} to export.`,
      "GET /api/definitions lists the tenant's definitions; check the kind and id of each 'only' entry.",
    );
}

/**
 * `<tenant>.configuration`, with the tenant id made a valid definition id (lower case; anything
 * but letters, digits, '-' and '_' becomes '-'), so the default bundle always validates.
 */
export function defaultBundleId(tenantId: string): string {
  const slug = tenantId
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 80);
  return `${slug || "tenant"}.configuration`;
}
