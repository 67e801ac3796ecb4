import {
  type Bundle,
  type CheckedDefinition,
  type Diagnostic,
  parseSource,
  serializeDefinition,
  type SourceFile,
  validateSources,
} from "@switchyard/definitions";
import { canonicalJson, type Store } from "@switchyard/store";
import type { Lifecycle, PublishResult } from "../lifecycle/lifecycle.js";

/** A definition the import would replace: the tenant has the id with a different body. */
export interface ImportConflict {
  readonly kind: string;
  readonly id: string;
  readonly file: string;
  /** The tenant's version (or `draft`) that differs. */
  readonly existing: number | "draft";
}

/** How to treat conflicts: refuse the whole import (default), or keep the tenant's definitions. */
export type ConflictPolicy = "refuse" | "keep-existing";

export type ImportResult =
  | {
      readonly ok: true;
      /** Entities, components, forms and variants: published and live. */
      readonly published: readonly { kind: string; id: string; version: number }[];
      /** Workflows and workflow variants: saved as drafts, never live. */
      readonly drafts: readonly string[];
      readonly unchanged: readonly { kind: string; id: string }[];
      readonly kept: readonly ImportConflict[];
    }
  | {
      readonly ok: false;
      readonly code: "conflicts" | "invalid" | "not-whitelisted" | "compliance-blocked" | "empty";
      readonly message: string;
      readonly conflicts: readonly ImportConflict[];
      readonly refusal?: Extract<PublishResult, { ok: false }>;
      /** For `invalid`: the errors, located in the bundle's files. */
      readonly diagnostics?: readonly Diagnostic[];
    };

/**
 * Imports a bundle (a template, or another tenant's export) in one step: checked as a whole first
 * (validation, dependencies, conflicts — an id the tenant already has with a different body is
 * refused, or kept as it is, never silently overwritten); then entities, components, forms and
 * variants are published and workflows arrive as drafts. One audit entry records it.
 */
export async function importBundle(
  lifecycle: Lifecycle,
  store: Store,
  tenantId: string,
  given: readonly SourceFile[],
  actor: string,
  options: { onConflict?: ConflictPolicy; now?: number } = {},
): Promise<ImportResult> {
  const checked = validateSources(given);
  const bundle = checked.definitions.find((d) => d.kind === "bundle")?.definition as Bundle | undefined;
  // Definitions carried inline in a bundle (an export) become files of their own.
  const files = splitInline(given, checked.definitions);
  // Checked with the tenant's live definitions, so a workflow that would arrive as a draft is as
  // valid as one that is published (a draft that cannot be published is refused here).
  const report = validateSources([...files, ...(await liveContext(store, tenantId, files))]);
  const own = new Set(files.map((f) => f.path));
  const errors = report.diagnostics.filter(
    (d) => d.severity === "error" && (!d.location || own.has(d.location.file)),
  );
  if (errors.length > 0)
    return {
      ok: false,
      code: "invalid",
      message: `The bundle has ${errors.length} error(s); nothing was imported.`,
      conflicts: [],
      diagnostics: errors,
    };
  const definitions = report.definitions.filter((d) => d.kind !== "bundle" && own.has(d.file));
  if (definitions.length === 0)
    return { ok: false, code: "empty", message: "The bundle holds no definitions to import.", conflicts: [] };
  await store.ensureTenant(tenantId, tenantId);
  const conflicts: ImportConflict[] = [];
  const unchanged: { kind: string; id: string }[] = [];
  const take: typeof definitions = [];
  for (const d of definitions) {
    const latest = (await store.latestVersions(tenantId, d.kind)).find((v) => v.definitionId === d.id);
    const draft = isProcess(d) ? await store.getDraft(tenantId, d.kind, d.id) : undefined;
    const text = files.find((f) => f.path === d.file)?.text;
    if (draft) {
      if (draft.source === text) unchanged.push({ kind: d.kind, id: d.id });
      else conflicts.push({ kind: d.kind, id: d.id, file: d.file, existing: "draft" });
      continue;
    }
    if (latest) {
      if (canonicalJson(latest.body) === canonicalJson(d.definition))
        unchanged.push({ kind: d.kind, id: d.id });
      else conflicts.push({ kind: d.kind, id: d.id, file: d.file, existing: latest.version });
      continue;
    }
    take.push(d);
  }
  if (conflicts.length > 0 && (options.onConflict ?? "refuse") === "refuse")
    return {
      ok: false,
      code: "conflicts",
      message:
        `The tenant already has ${conflicts.length} of these definitions with different content: ` +
        `${conflicts.map((c) => `${c.kind} ${c.id}`).join(", ")}. Nothing was imported.`,
      conflicts,
    };

  const byFile = new Map(files.map((f) => [f.path, f]));
  const publishFiles = [...new Set(take.filter((d) => !isProcess(d)).map((d) => d.file))].flatMap(
    (f) => byFile.get(f) ?? [],
  );
  let published: { kind: string; id: string; version: number }[] = [];
  if (publishFiles.length > 0) {
    const result = await lifecycle.publish(tenantId, publishFiles, actor);
    if (!result.ok)
      return { ok: false, code: result.code, message: result.message, conflicts, refusal: result };
    published = result.published.map(({ kind, id, version }) => ({ kind, id, version }));
  }
  const now = options.now ?? Date.now();
  const drafts: string[] = [];
  for (const d of take.filter(isProcess)) {
    await store.putDraft({
      tenantId,
      kind: d.kind,
      definitionId: d.id,
      source: byFile.get(d.file)?.text ?? "",
      updatedAt: now,
      updatedBy: actor,
    });
    drafts.push(d.id);
  }
  await store.audit.append({
    tenantId,
    actor,
    action: "template-import",
    object: bundle ? `bundle/${bundle.id}` : "bundle/(unnamed)",
    detail: {
      bundle: bundle ? { id: bundle.id, version: bundle.version, name: bundle.name } : null,
      published,
      drafts,
      unchanged,
      kept: conflicts,
    },
    at: now,
  });
  return { ok: true, published, drafts, unchanged, kept: conflicts };
}

/** Workflows and the regional variants of workflows arrive as drafts; everything else is published. */
function isProcess(d: CheckedDefinition): boolean {
  if (d.kind === "workflow") return true;
  const extended = (d.definition as { extends?: { workflow?: unknown } }).extends;
  return d.kind === "variant" && typeof extended?.workflow === "string";
}

/** Each definition carried inside a bundle's `definitions` as a file `<id>.<kind>.yaml` of its own. */
function splitInline(
  files: readonly SourceFile[],
  definitions: readonly CheckedDefinition[],
): readonly SourceFile[] {
  const inline = definitions.filter((d) => d.kind !== "bundle" && d.path.length > 0);
  if (inline.length === 0) return files;
  const carriers = new Set(inline.map((d) => d.file));
  // The definition as written (not as checked, which may reorder keys), so a round trip is exact.
  const raw = new Map(
    [...carriers].map((file) => [
      file,
      parseSource(files.find((f) => f.path === file)?.text ?? "", file).document?.value,
    ]),
  );
  const at = (value: unknown, path: readonly (string | number)[]) =>
    path.reduce<unknown>(
      (v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
  return [
    ...files.filter((f) => !carriers.has(f.path)),
    ...inline.map((d) => ({
      path: `${d.id}.${d.kind}.yaml`,
      text: serializeDefinition(at(raw.get(d.file), d.path) ?? d.definition),
    })),
  ];
}

/** The tenant's live definitions the bundle does not define itself, as JSON files for validation. */
async function liveContext(
  store: Store,
  tenantId: string,
  files: readonly SourceFile[],
): Promise<SourceFile[]> {
  const own = new Set(validateSources(files).definitions.map((d) => `${d.kind}:${d.id}`));
  const context: SourceFile[] = [];
  for (const kind of ["entity", "component", "form", "variant", "workflow"])
    for (const v of await store.versionsWithStatus(tenantId, kind, "live"))
      if (!own.has(`${kind}:${v.definitionId}`))
        context.push({ path: `live/${kind}-${v.definitionId}.json`, text: JSON.stringify(v.body) });
  return context;
}
