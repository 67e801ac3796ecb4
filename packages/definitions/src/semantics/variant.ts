import { suggestionHint } from "../diagnostics/index.js";
import type { Catalog, Located } from "../project/catalog.js";
import type { Entity, Step, Variant, Workflow } from "../schema/index.js";
import { fieldTypeSignature } from "./entity.js";
import type { LocatedRead } from "./expressions.js";
import { RemappedReporter, type Reporter } from "./report.js";
import { checkWorkflow } from "./workflow.js";

/** The entity a region sees: the baseline's fields, minus removed, renamed and plus the variant's. */
export function resolveEntityVariant(base: Entity, variant: Variant): Entity {
  const properties = { ...base.schema.properties };
  for (const name of variant.remove ?? []) delete properties[name];
  for (const [from, to] of Object.entries(variant.rename ?? {})) {
    const field = properties[from];
    if (field) {
      delete properties[from];
      properties[to] = field;
    }
  }
  Object.assign(properties, variant.fields ?? {});
  const renamed = (name: string) => variant.rename?.[name] ?? name;
  const required = [
    ...new Set([...(base.schema.required ?? []).map(renamed), ...(variant.required ?? [])]),
  ].filter((n) => n in properties);
  return {
    ...base,
    id: variant.id,
    ...(variant.name ? { label: variant.name } : {}),
    schema: { ...base.schema, properties, ...(required.length > 0 ? { required } : {}) },
  };
}

/** The workflow a region runs: each inserted chain placed after its step, taking over that step's edges. */
export function resolveWorkflowVariant(base: Workflow, variant: Variant): Workflow {
  const steps: Step[] = base.steps.map((s) => ({ ...s }));
  for (const insert of variant.insert ?? []) {
    const anchor = steps.find((s) => s.id === insert.after);
    if (!anchor) continue;
    const chain = insert.steps.map((s) => ({ ...s }));
    chain.forEach((step, i) => {
      const following = chain[i + 1];
      if (step.next === undefined) step.next = following ? [{ to: following.id }] : anchor.next;
    });
    anchor.next = chain[0] ? [{ to: chain[0].id }] : anchor.next;
    steps.push(...chain);
  }
  return {
    ...base,
    id: variant.id,
    region: variant.region,
    steps,
    ...(variant.name ? { name: variant.name } : {}),
  };
}

/** Checks a variant against its baseline: core fields keep their name and type, new ids are new. */
export function checkVariant(
  entry: Located<Variant>,
  catalog: Catalog,
  report: Reporter,
  reads: LocatedRead[],
): void {
  const variant = entry.value;
  if ("entity" in variant.extends) {
    const baseId = variant.extends.entity;
    const base = catalog.get("entity", baseId);
    if (!base)
      return void report.error(
        "ref/unknown-base",
        ["extends", "entity"],
        `There is no entity '${baseId}' to extend.`,
        suggestionHint(baseId, catalog.ids("entity"), "Entities"),
      );
    if (variant.insert)
      report.errorAtKey(
        "variant/kind-mismatch",
        ["insert"],
        "'insert' adds workflow steps, but this variant extends an entity.",
        "Use 'fields:' to add fields to an entity.",
      );
    if (base.wellFormed) checkEntityVariant(base.value, variant, report);
  } else {
    const baseId = variant.extends.workflow;
    const base = catalog.get("workflow", baseId);
    if (!base)
      return void report.error(
        "ref/unknown-base",
        ["extends", "workflow"],
        `There is no workflow '${baseId}' to extend.`,
        suggestionHint(baseId, catalog.ids("workflow"), "Workflows"),
      );
    for (const key of ["fields", "remove", "rename", "required"] as const) {
      if (variant[key] !== undefined)
        report.errorAtKey(
          "variant/kind-mismatch",
          [key],
          `'${key}' changes entity fields, but this variant extends a workflow.`,
          "Extend the entity in a variant of its own.",
        );
    }
    if (base.wellFormed && checkWorkflowVariant(base.value, variant, report))
      checkResolvedWorkflow(entry, base, catalog, report, reads);
  }
}

function checkEntityVariant(base: Entity, variant: Variant, report: Reporter): void {
  const properties = base.schema.properties;
  const names = Object.keys(properties);
  const isCore = (name: string) => properties[name]?.["x-core"] === true;
  (variant.remove ?? []).forEach((name, i) => {
    if (!(name in properties))
      report.error(
        "ref/unknown-field",
        ["remove", i],
        `The baseline '${base.id}' has no field '${name}'.`,
        suggestionHint(name, names, "Fields"),
      );
    else if (isCore(name))
      report.error(
        "variant/core-field-dropped",
        ["remove", i],
        `'${name}' is a core field of '${base.id}'; a regional variant cannot remove it.`,
        "Keep the field; hide it on this region's forms instead.",
      );
  });
  for (const [from, to] of Object.entries(variant.rename ?? {})) {
    if (!(from in properties))
      report.errorAtKey(
        "ref/unknown-field",
        ["rename", from],
        `The baseline '${base.id}' has no field '${from}'.`,
        suggestionHint(from, names, "Fields"),
      );
    else if (isCore(from))
      report.errorAtKey(
        "variant/core-field-renamed",
        ["rename", from],
        `'${from}' is a core field of '${base.id}'; renaming it to '${to}' would break the mapping between regions.`,
        "Keep the name; give the field a regional label with 'x-label' instead.",
      );
  }
  for (const [name, field] of Object.entries(variant.fields ?? {})) {
    const original = properties[name];
    if (!original || !isCore(name)) continue;
    if (fieldTypeSignature(field) !== fieldTypeSignature(original)) {
      report.errorAtKey(
        "variant/core-field-retyped",
        ["fields", name],
        `'${name}' is a core field of '${base.id}' with type ${fieldTypeSignature(original)}; this variant makes it ${fieldTypeSignature(field)}.`,
        "Keep the core field's type; add a new regional field for the other data.",
      );
    } else if (field["x-core"] === false) {
      report.errorAtKey(
        "variant/core-field-dropped",
        ["fields", name, "x-core"],
        `'${name}' is a core field of '${base.id}'; a variant cannot make it non-core.`,
        "Remove 'x-core: false'.",
      );
    }
  }
}

function checkWorkflowVariant(base: Workflow, variant: Variant, report: Reporter): boolean {
  const before = report.diagnostics.length;
  const baseIds = base.steps.map((s) => s.id);
  const added = new Set<string>();
  (variant.insert ?? []).forEach((insert, i) => {
    if (!baseIds.includes(insert.after)) {
      report.error(
        "graph/unknown-step",
        ["insert", i, "after"],
        `The baseline '${base.id}' has no step '${insert.after}'.`,
        suggestionHint(insert.after, baseIds, "Steps"),
      );
    }
    insert.steps.forEach((step, j) => {
      if (baseIds.includes(step.id) || added.has(step.id)) {
        report.error(
          "variant/duplicate-id",
          ["insert", i, "steps", j, "id"],
          `The step id '${step.id}' is already used.`,
          "Give the regional step an id of its own, e.g. with the region as prefix.",
        );
      }
      added.add(step.id);
    });
  });
  return report.diagnostics.length === before;
}

/** Checks the inserted steps in the context of the whole regional workflow they become part of. */
function checkResolvedWorkflow(
  entry: Located<Variant>,
  base: Located<Workflow>,
  catalog: Catalog,
  report: Reporter,
  reads: LocatedRead[],
): void {
  const resolved = resolveWorkflowVariant(base.value, entry.value);
  const origins: (string | number)[][] = [];
  (entry.value.insert ?? []).forEach((insert, i) => {
    insert.steps.forEach((_, j) => {
      origins.push(["insert", i, "steps", j]);
    });
  });
  const offset = base.value.steps.length;
  const remapped = new RemappedReporter(report, (path) => {
    const index = path[1];
    if (path[0] !== "steps" || typeof index !== "number" || index < offset) return undefined;
    const origin = origins[index - offset];
    return origin ? [...origin, ...path.slice(2)] : undefined;
  });
  checkWorkflow({ ...entry, value: resolved }, catalog, remapped, reads);
  remapped.flush();
}
