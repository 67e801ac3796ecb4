import { type FieldSchema, WIDGET_TYPES, type Widget } from "@switchyard/definitions";

export { WIDGET_TYPES };

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
