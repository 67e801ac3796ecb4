import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import type { EntitySchema, FieldSchema } from "@switchyard/definitions";
import { type FormLayout, labelText, type Placement } from "./form-document";

/**
 * The live preview's JSON Schema and uiSchema, built from the entity's record schema and the form's
 * layout. The schema is the entity's, narrowed to the fields the form places (same keywords, same
 * constraints), so validating preview data against it finds what the server's record check finds
 * for those fields. Labels, widgets, order and sections go to the uiSchema or to `title`.
 */
export interface Preview {
  /** The record schema, narrowed to the placed fields; only standard JSON Schema keywords added. */
  readonly schema: RJSFSchema;
  readonly uiSchema: UiSchema;
  /** The preview's sections: a title and the top-level properties shown in it, in order. */
  readonly sections: readonly PreviewSection[];
}

/** A section as the preview's object template lays it out. */
export interface PreviewSection {
  readonly title: string;
  readonly note?: string;
  readonly properties: readonly string[];
}

/** Key of the uiSchema's `ui:options` that carries the sections to the object template. */
export const SECTIONS_OPTION = "switchyardSections";

type MutableSchema = Record<string, unknown> & {
  properties?: Record<string, MutableSchema>;
  required?: string[];
};

/** Builds the preview for a form over an entity. Pure; placements of unknown fields are skipped. */
export function buildPreview(entity: EntitySchema, layout: FormLayout, lang = "en"): Preview {
  const properties: Record<string, MutableSchema> = {};
  const required = new Set<string>();
  const uiSchema: Record<string, unknown> = {};
  const sections: PreviewSection[] = [];
  const computed = new Set(layout.computed.map((c) => c.field));

  for (const section of layout.sections) {
    const shown: string[] = [];
    for (const placement of section.fields) {
      const path = placement.field.split(".");
      const top = path[0] ?? "";
      const source = entity.properties[top];
      if (!source || !Object.hasOwn(entity.properties, top)) continue;
      const target = placeAt(properties, entity, path);
      if (!target) continue;
      const { schema, parent, name } = target;
      const title = labelText(placement.label, lang) ?? labelText(fieldLabel(schema), lang) ?? name;
      schema.title = title;
      if (placement.readOnly || computed.has(placement.field)) schema.readOnly = true;
      if (placement.required) {
        if (parent) parent.required = unique([...(parent.required ?? []), name]);
        else required.add(name);
      }
      setUi(uiSchema, path, uiFor(schema as FieldSchema, placement, computed.has(placement.field), lang));
      if (!shown.includes(top)) shown.push(top);
    }
    if (shown.length === 0) continue;
    const note = section.visibleWhen ? `Shown only when ${section.visibleWhen}` : undefined;
    sections.push({
      title: labelText(section.title, lang) ?? section.id,
      ...(note ? { note } : {}),
      properties: shown,
    });
  }

  for (const name of entity.required ?? []) if (name in properties) required.add(name);
  const schema: MutableSchema = { type: "object", properties };
  pruneRequired(schema);
  if (required.size > 0) schema.required = [...required];
  if (entity.additionalProperties !== undefined) schema.additionalProperties = entity.additionalProperties;
  uiSchema["ui:order"] = [...sections.flatMap((s) => s.properties), "*"];
  uiSchema["ui:options"] = { [SECTIONS_OPTION]: sections };
  uiSchema["ui:submitButtonOptions"] = { submitText: "Check as the server would" };
  return { schema: schema as RJSFSchema, uiSchema: uiSchema as UiSchema, sections };
}

/**
 * The rjsf editor for a form widget. A widget that does not fit the field (a `form/widget-mismatch`
 * the diagnostics report) or that rjsf cannot draw for its type falls back to the type's default.
 */
function uiFor(field: FieldSchema, p: Placement, computed: boolean, lang: string): Record<string, unknown> {
  const ui: Record<string, unknown> = {};
  const types = fieldTypesOf(field);
  const rjsf = p.widget ? RJSF_WIDGETS[p.widget] : undefined;
  const choices = field.enum !== undefined || types.includes("boolean");
  if (p.widget === "checkbox" && types.includes("array")) {
    if (field.items?.enum) ui["ui:widget"] = "checkboxes";
  } else if (p.widget === "phone" && types.includes("string")) ui["ui:options"] = { inputType: "tel" };
  else if (rjsf && types.some((t) => rjsf.types.includes(t)) && (!rjsf.needsChoices || choices))
    ui["ui:widget"] = rjsf.widget;
  if (p.placeholder) ui["ui:placeholder"] = p.placeholder;
  const help = [
    labelText(p.help, lang),
    p.visibleWhen ? `Shown only when ${p.visibleWhen}.` : undefined,
    p.requiredWhen ? `Required when ${p.requiredWhen}.` : undefined,
    computed ? "Computed by the form." : undefined,
  ].filter(Boolean);
  if (help.length > 0) ui["ui:help"] = help.join(" ");
  if (p.readOnly || computed) ui["ui:readonly"] = true;
  return ui;
}

const STRING = ["string"];
const NUMBER = ["number", "integer"];
const SCALAR = ["string", "number", "integer", "boolean"];

/** Form widgets rjsf can mimic: its widget name and the JSON types it draws. */
const RJSF_WIDGETS: Readonly<
  Record<string, { widget: string; types: readonly string[]; needsChoices?: true }>
> = {
  text: { widget: "text", types: STRING },
  textarea: { widget: "textarea", types: STRING },
  email: { widget: "email", types: STRING },
  url: { widget: "uri", types: STRING },
  date: { widget: "date", types: STRING },
  datetime: { widget: "datetime", types: STRING },
  select: { widget: "select", types: SCALAR, needsChoices: true },
  radio: { widget: "radio", types: SCALAR, needsChoices: true },
  checkbox: { widget: "checkbox", types: ["boolean"] },
  switch: { widget: "checkbox", types: ["boolean"] },
  number: { widget: "updown", types: NUMBER },
  currency: { widget: "updown", types: NUMBER },
  rating: { widget: "updown", types: NUMBER },
  hidden: { widget: "hidden", types: [...SCALAR, "null"] },
};

/** Copies the entity field at `path` (and its parents, narrowed) into the preview's properties. */
function placeAt(
  properties: Record<string, MutableSchema>,
  entity: EntitySchema,
  path: readonly string[],
): { schema: MutableSchema; parent: MutableSchema | undefined; name: string } | undefined {
  let sourceProps: Readonly<Record<string, FieldSchema>> | undefined = entity.properties;
  let targetProps = properties;
  let parent: MutableSchema | undefined;
  for (const [i, name] of path.entries()) {
    const source: FieldSchema | undefined =
      sourceProps && Object.hasOwn(sourceProps, name) ? sourceProps[name] : undefined;
    if (!source) return undefined;
    const last = i === path.length - 1;
    let target = targetProps[name];
    if (!target) {
      target = last ? clone(source) : narrowedObject(source);
      targetProps[name] = target;
    } else if (last) {
      Object.assign(target, clone(source), target.properties ? { properties: target.properties } : {});
    }
    if (last) return { schema: target, parent, name };
    parent = target;
    target.properties ??= {};
    targetProps = target.properties;
    sourceProps = source.properties;
  }
  return undefined;
}

/** An object field holding only the children placed so far; its `required` kept for those. */
function narrowedObject(source: FieldSchema): MutableSchema {
  const copy = clone(source);
  copy.properties = {};
  return copy;
}

/** Drops `required` names of narrowed objects whose property the form does not place. */
function pruneRequired(schema: MutableSchema): void {
  for (const child of Object.values(schema.properties ?? {})) {
    if (child.required && child.properties) {
      const kept = child.required.filter((n) => n in (child.properties ?? {}));
      if (kept.length > 0) child.required = kept;
      else delete child.required;
    }
    pruneRequired(child);
  }
}

function fieldLabel(schema: MutableSchema): string | Record<string, string> | undefined {
  const label = schema["x-label"];
  if (typeof label === "string") return label;
  if (typeof label === "object" && label !== null) return label as Record<string, string>;
  return typeof schema.title === "string" ? schema.title : undefined;
}

function fieldTypesOf(field: FieldSchema): readonly string[] {
  return Array.isArray(field.type) ? field.type : [field.type ?? "string"];
}

function setUi(ui: Record<string, unknown>, path: readonly string[], value: Record<string, unknown>): void {
  let at = ui;
  for (const name of path.slice(0, -1)) {
    at[name] ??= {};
    at = at[name] as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? "";
  at[last] = { ...(at[last] as Record<string, unknown> | undefined), ...value };
}

function clone(value: FieldSchema): MutableSchema {
  return structuredClone(value) as MutableSchema;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
