import { type Bundle, type SourceFile, validateSources } from "@switchyard/definitions";
import type { Store } from "@switchyard/store";
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
      /** Workflows: saved as drafts, never live. */
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
  files: readonly SourceFile[],
  actor: string,
  options: { onConflict?: ConflictPolicy; now?: number } = {},
): Promise<ImportResult> {
  const report = validateSources(files);
  const bundle = report.definitions.find((d) => d.kind === "bundle")?.definition as Bundle | undefined;
  const definitions = report.definitions.filter((d) => d.kind !== "bundle");
  if (definitions.length === 0)
    return { ok: false, code: "empty", message: "The bundle holds no definitions to import.", conflicts: [] };
  await store.ensureTenant(tenantId, tenantId);
  const conflicts: ImportConflict[] = [];
  const unchanged: { kind: string; id: string }[] = [];
  const take: typeof definitions = [];
  for (const d of definitions) {
    const latest = (await store.latestVersions(tenantId, d.kind)).find((v) => v.definitionId === d.id);
    const draft = d.kind === "workflow" ? await store.getDraft(tenantId, d.kind, d.id) : undefined;
    const text = files.find((f) => f.path === d.file)?.text;
    if (draft) {
      if (draft.source === text) unchanged.push({ kind: d.kind, id: d.id });
      else conflicts.push({ kind: d.kind, id: d.id, file: d.file, existing: "draft" });
      continue;
    }
    if (latest) {
      if (JSON.stringify(latest.body) === JSON.stringify(d.definition))
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
  const publishFiles = [...new Set(take.filter((d) => d.kind !== "workflow").map((d) => d.file))].flatMap(
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
  for (const d of take.filter((x) => x.kind === "workflow")) {
    await store.putDraft({
      tenantId,
      kind: "workflow",
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
