import { type Definition, parseSource, serializeDefinition } from "@switchyard/definitions";
import type { Store } from "@switchyard/store";

/** Kinds a tenant's configuration is made of, in the order a bundle lists them. */
export const EXPORTED_KINDS = ["entity", "component", "form", "variant", "workflow"] as const;

export interface ExportOptions {
  /** The bundle's own id, name and version. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** Only these definitions, as `kind/id` (default: everything). */
  readonly only?: readonly string[];
}

/**
 * A tenant's configuration as one bundle file (kind `bundle`, definitions inline): the live version
 * of every entity, component and form, and of every workflow and variant its draft if it has one,
 * else its live version. Canonical YAML, sorted by kind then id, so exporting the same
 * configuration twice gives the same bytes — and export → import → export is identical.
 */
export async function exportBundle(store: Store, tenantId: string, options: ExportOptions): Promise<string> {
  const only = options.only ? new Set(options.only) : undefined;
  const definitions: Definition[] = [];
  for (const kind of EXPORTED_KINDS) {
    const byId = new Map<string, Definition>();
    for (const v of await store.versionsWithStatus(tenantId, kind, "live"))
      byId.set(v.definitionId, v.body as Definition);
    if (kind === "workflow" || kind === "variant")
      for (const draft of await store.listDrafts(tenantId)) {
        if (draft.kind !== kind) continue;
        const value = parseSource(draft.source, `${draft.definitionId}.${kind}.yaml`).document?.value;
        if (value && typeof value === "object") byId.set(draft.definitionId, value as Definition);
      }
    for (const id of [...byId.keys()].sort())
      if (!only || only.has(`${kind}/${id}`)) definitions.push(canonical(byId.get(id) as Definition));
  }
  return serializeDefinition({
    kind: "bundle",
    id: options.id,
    name: options.name,
    version: options.version,
    ...(options.description ? { description: options.description } : {}),
    definitions,
  });
}

/** The definition with its keys in canonical order (inside a bundle, keys keep the order given). */
function canonical(definition: Definition): Definition {
  const text = serializeDefinition(definition);
  return (parseSource(text, `${definition.id}.${definition.kind}.yaml`).document?.value ??
    definition) as Definition;
}
