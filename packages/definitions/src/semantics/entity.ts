import { suggestionHint } from "../diagnostics/index.js";
import type { Catalog, Located } from "../project/catalog.js";
import { createAjv, type Entity, type FieldSchema } from "../schema/index.js";
import type { Reporter } from "./report.js";

const ajv = createAjv();

/** Standard keywords Ajv must not reject in strict mode when it compiles an entity's record schema. */
export const ENTITY_KEYWORDS = [
  "x-label",
  "x-core",
  "x-sensitive",
  "x-pii",
  "x-consent",
  "x-relation",
  "x-indexed",
] as const;
for (const keyword of ENTITY_KEYWORDS) ajv.addKeyword({ keyword });

/** The record schema of an entity as Ajv compiles it (x- keywords known, formats checked). */
export function compileEntitySchema(entity: Entity) {
  return ajv.compile({ ...entity.schema, $schema: undefined });
}

/** Checks an entity: `required` names real fields, relations point at known entities, the schema compiles. */
export function checkEntity(entry: Located<Entity>, catalog: Catalog, report: Reporter): void {
  const schema = entry.value.schema;
  const fields = Object.keys(schema.properties);
  (schema.required ?? []).forEach((name, i) => {
    if (!fields.includes(name)) {
      report.error(
        "ref/unknown-field",
        ["schema", "required", i],
        `'${name}' is required but is not a field of this entity.`,
        suggestionHint(name, fields, "Fields"),
      );
    }
  });
  for (const [name, field] of Object.entries(schema.properties))
    checkField(field, ["schema", "properties", name], catalog, report);
  try {
    compileEntitySchema(entry.value);
  } catch (error) {
    report.error(
      "schema/invalid",
      ["schema"],
      `The record schema is not valid JSON Schema: ${error instanceof Error ? error.message : String(error)}.`,
      "Check the field definitions against JSON Schema 2020-12.",
    );
  }
}

function checkField(field: FieldSchema, path: (string | number)[], catalog: Catalog, report: Reporter): void {
  const relation = field["x-relation"];
  if (relation && !catalog.has("entity", relation.entity)) {
    report.error(
      "ref/unknown-entity",
      [...path, "x-relation", "entity"],
      `There is no entity '${relation.entity}' to relate to.`,
      suggestionHint(relation.entity, catalog.ids("entity"), "Entities"),
    );
  }
  if (field.properties) {
    const names = Object.keys(field.properties);
    (field.required ?? []).forEach((name, i) => {
      if (!names.includes(name))
        report.error(
          "ref/unknown-field",
          [...path, "required", i],
          `'${name}' is required but is not a property here.`,
          suggestionHint(name, names, "Properties"),
        );
    });
    for (const [name, child] of Object.entries(field.properties))
      checkField(child, [...path, "properties", name], catalog, report);
  }
  if (field.items) checkField(field.items, [...path, "items"], catalog, report);
}

/** The JSON type of a field, for comparing a variant's field with its baseline's. */
export function fieldTypeSignature(field: FieldSchema): string {
  const type = Array.isArray(field.type) ? [...field.type].sort().join("|") : (field.type ?? "any");
  const format = field.format ? `:${field.format}` : "";
  const items = field.items ? `<${fieldTypeSignature(field.items)}>` : "";
  return `${type}${format}${items}`;
}
