import type { FieldSchema, Widget } from "@switchyard/definitions";

/**
 * Which JSON types each form widget can edit. Mirrors the check behind `form/widget-mismatch` in
 * @switchyard/definitions (semantics/form.ts), which does not export its table.
 */
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

/** The JSON types a field may hold, as the server's widget check reads them (no type = string). */
export function fieldTypes(field: FieldSchema): readonly string[] {
  return Array.isArray(field.type) ? field.type : [field.type ?? "string"];
}

/** The widgets that can edit a field, in the order the form language lists them. */
export function widgetsFor(field: FieldSchema): Widget[] {
  const types = fieldTypes(field);
  return (Object.keys(WIDGET_TYPES) as Widget[]).filter((w) =>
    types.some((t) => (WIDGET_TYPES[w] ?? []).includes(t)),
  );
}
