import { CelTypes, typeFromJsonSchema } from "../cel/index.js";
import { suggestionHint } from "../diagnostics/index.js";
import type { Catalog, Located } from "../project/catalog.js";
import type { FieldSchema, Form, Widget } from "../schema/index.js";
import { checkCelAt, type LocatedRead } from "./expressions.js";
import type { Reporter } from "./report.js";

/** Which JSON types each widget can edit (the studio offers only fitting widgets from it). */
export const WIDGET_TYPES: Readonly<Record<Widget, readonly string[]>> = {
  text: ["string"],
  textarea: ["string"],
  email: ["string"],
  phone: ["string"],
  url: ["string"],
  select: ["string", "integer", "number"],
  radio: ["string", "integer", "number", "boolean"],
  number: ["number", "integer"],
  currency: ["number", "integer"],
  rating: ["integer", "number"],
  checkbox: ["boolean", "array"],
  switch: ["boolean"],
  multiselect: ["array"],
  date: ["string"],
  datetime: ["string"],
  photo: ["string", "array"],
  file: ["string", "array"],
  signature: ["string"],
  gps: ["object", "string"],
  relation: ["string", "array"],
  hidden: ["string", "number", "integer", "boolean", "object", "array", "null"],
};

/** Finds a (possibly dotted) field in an entity's properties. */
export function fieldAt(
  properties: Readonly<Record<string, FieldSchema>>,
  dotted: string,
): FieldSchema | undefined {
  let props: Readonly<Record<string, FieldSchema>> | undefined = properties;
  let field: FieldSchema | undefined;
  for (const part of dotted.split(".")) {
    field = props && Object.hasOwn(props, part) ? props[part] : undefined;
    if (!field) return undefined;
    props = field.properties;
  }
  return field;
}

/** Checks a form: its entity exists, every placed field exists once, widgets fit, rules type-check. */
export function checkForm(
  entry: Located<Form>,
  catalog: Catalog,
  report: Reporter,
  reads: LocatedRead[],
): void {
  const form = entry.value;
  const entity = catalog.get("entity", form.entity);
  if (!entity) {
    report.error(
      "ref/unknown-entity",
      ["entity"],
      `There is no entity '${form.entity}'.`,
      suggestionHint(form.entity, catalog.ids("entity"), "Entities"),
    );
    return;
  }
  if (!entity.wellFormed) return;
  const properties = entity.value.schema.properties;
  const record = typeFromJsonSchema(entity.value.schema, { name: entity.value.id, entity: entity.value.id });
  const scope = { variables: { record, now: CelTypes.timestamp } };
  const placed = new Set<string>();
  form.sections.forEach((section, s) => {
    if (section.visibleWhen)
      checkCelAt(report, reads, ["sections", s, "visibleWhen"], section.visibleWhen, scope, {
        expect: CelTypes.bool,
      });
    section.fields.forEach((placement, f) => {
      const path = ["sections", s, "fields", f];
      const field = fieldAt(properties, placement.field);
      if (!field) {
        report.error(
          "form/unknown-field",
          [...path, "field"],
          `Entity '${entity.value.id}' has no field '${placement.field}'.`,
          suggestionHint(placement.field, Object.keys(properties), "Fields"),
        );
      } else if (placement.widget) {
        const types = Array.isArray(field.type) ? field.type : [field.type ?? "string"];
        const fits = WIDGET_TYPES[placement.widget] ?? [];
        if (!types.some((t) => fits.includes(t))) {
          report.error(
            "form/widget-mismatch",
            [...path, "widget"],
            `The '${placement.widget}' widget cannot edit '${placement.field}', which is of type ${types.join(" or ")}.`,
            `Widgets for ${types.join("/")} fields: ${widgetsFor(types).join(", ")}.`,
          );
        }
      }
      if (placed.has(placement.field)) {
        report.error(
          "form/duplicate-field",
          [...path, "field"],
          `'${placement.field}' is placed on the form twice.`,
          "Remove one of the two placements.",
        );
      }
      placed.add(placement.field);
      for (const rule of ["visibleWhen", "requiredWhen"] as const) {
        const source = placement[rule];
        if (source) checkCelAt(report, reads, [...path, rule], source, scope, { expect: CelTypes.bool });
      }
    });
  });
  (form.computed ?? []).forEach((computed, i) => {
    if (!fieldAt(properties, computed.field)) {
      report.error(
        "form/unknown-field",
        ["computed", i, "field"],
        `Entity '${entity.value.id}' has no field '${computed.field}'.`,
        suggestionHint(computed.field, Object.keys(properties), "Fields"),
      );
    }
    checkCelAt(report, reads, ["computed", i, "value"], computed.value, scope);
  });
}

function widgetsFor(types: readonly string[]): string[] {
  return Object.entries(WIDGET_TYPES)
    .filter(([, fits]) => types.some((t) => fits.includes(t)))
    .map(([w]) => w);
}
