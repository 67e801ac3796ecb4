import { BUILTIN_COMPONENTS, type Component, type SourceFile } from "@switchyard/definitions";
import { api, ApiError } from "../../api/client";

/** GET /api/definitions/{kind}/{id}. */
export interface DefinitionDetail {
  readonly kind: string;
  readonly id: string;
  readonly latest: {
    readonly version: number;
    readonly status: string;
    readonly source: string;
    readonly body: unknown;
  } | null;
  readonly draft: { readonly source: string; readonly updatedAt: string; readonly updatedBy: string } | null;
}

/** A diagnostic as the API reports it (see toApiDiagnostic on the server). */
export interface ApiDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly path: string | null;
}

/** Why a publish was refused, one per problem. */
export interface PublishProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** A whitelisted component with its manifest (undefined when it could not be loaded). */
export interface PaletteEntry {
  readonly componentId: string;
  readonly version: string;
  readonly manifest: Component | undefined;
}

/** The workflow's file name, as the server and the validator name it. */
export const workflowFile = (id: string) => `${id}.workflow.yaml`;

/** The definition, or undefined when there is none with this id yet. */
export async function loadWorkflow(id: string): Promise<DefinitionDetail | undefined> {
  try {
    return await api<DefinitionDetail>("GET", `/api/definitions/workflow/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** The whitelisted components with their manifests: built-ins from the package, custom ones from the API. */
export async function loadPalette(): Promise<PaletteEntry[]> {
  const { whitelist } = await api<{ whitelist: { componentId: string; version: string }[] }>(
    "GET",
    "/api/components/whitelist",
  );
  return Promise.all(
    whitelist.map(async (entry) => {
      const builtin = BUILTIN_COMPONENTS.find((c) => c.id === entry.componentId);
      if (builtin) return { ...entry, manifest: builtin };
      const custom = await api<DefinitionDetail>(
        "GET",
        `/api/definitions/component/${encodeURIComponent(entry.componentId)}`,
      ).catch(() => undefined);
      return { ...entry, manifest: custom?.latest?.body as Component | undefined };
    }),
  );
}

/**
 * The tenant's entities, forms and components as JSON files, so validating in the browser resolves
 * a workflow's references the way the server does (it uses `live/<id>.<kind>.json`).
 */
export async function loadContext(): Promise<SourceFile[]> {
  const kinds = ["entity", "form", "component"] as const;
  const lists = await Promise.all(
    kinds.map((kind) =>
      api<{ definitions: { kind: string; id: string; status: string }[] }>(
        "GET",
        `/api/definitions?kind=${kind}`,
      )
        .then((r) => r.definitions)
        .catch(() => []),
    ),
  );
  const wanted = new Map<string, { kind: string; id: string }>();
  for (const d of lists.flat()) if (d.status !== "draft") wanted.set(`${d.kind}:${d.id}`, d);
  const files = await Promise.all(
    [...wanted.values()].map(async ({ kind, id }) => {
      const detail = await api<DefinitionDetail>(
        "GET",
        `/api/definitions/${kind}/${encodeURIComponent(id)}`,
      ).catch(() => undefined);
      const body = detail?.latest?.body;
      return body === undefined ? undefined : { path: `live/${id}.${kind}.json`, text: JSON.stringify(body) };
    }),
  );
  return files.filter((f): f is SourceFile => f !== undefined);
}

/** PUT the draft; the server answers with its diagnostics of the draft. */
export function saveDraft(id: string, source: string) {
  return api<{ ok: boolean; diagnostics: ApiDiagnostic[] }>(
    "PUT",
    `/api/definitions/workflow/${encodeURIComponent(id)}/draft`,
    { source },
  );
}

/** POST the workflow for publishing; 201 with the published versions, or an ApiError (422 with problems). */
export function publish(id: string, text: string) {
  return api<{
    published: { kind: string; id: string; version: number; status: string }[];
    diagnostics: ApiDiagnostic[];
  }>("POST", "/api/definitions/publish", { files: [{ path: workflowFile(id), text }] });
}
