import { type Document, isMap, isSeq, parseDocument, type YAMLMap, YAMLSeq } from "yaml";

/**
 * The form's YAML is the source of truth. This module reads the builder's view of a form out of a
 * `yaml` Document and edits the Document in place, node by node, so comments and the order of keys
 * survive every edit the builder makes (moving a field moves its node with its comments).
 */

/** A label: one text, or one per language (`{ en: Shelf, zh: 货架 }`). */
export type Label = string | Readonly<Record<string, string>>;

/** A field placed on the form, as the builder reads it. */
export interface Placement {
  readonly field: string;
  readonly widget?: string;
  readonly label?: Label;
  readonly help?: Label;
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly readOnly?: boolean;
  readonly visibleWhen?: string;
  readonly requiredWhen?: string;
}

/** A section of the form. */
export interface SectionLayout {
  readonly id: string;
  readonly title?: Label;
  readonly description?: string;
  readonly visibleWhen?: string;
  readonly fields: readonly Placement[];
}

/** A field the form computes from the others (a score rule). */
export interface ComputedRule {
  readonly field: string;
  readonly value: string;
}

/** The builder's view of a form: tolerant of a half-written file (missing parts read as empty). */
export interface FormLayout {
  readonly id: string;
  readonly entity: string;
  readonly title?: Label;
  readonly sections: readonly SectionLayout[];
  readonly computed: readonly ComputedRule[];
}

/** Placement properties the builder edits, with the value types the form schema allows. */
export type PlacementProp =
  "widget" | "label" | "placeholder" | "required" | "readOnly" | "visibleWhen" | "requiredWhen";

/** Parses form YAML, keeping comments; errors stay on the Document (`doc.errors`). */
export function parseFormDocument(text: string): Document {
  return parseDocument(text, { keepSourceTokens: false });
}

/** The YAML text of a Document. */
export function formText(doc: Document): string {
  return doc.toString({ lineWidth: 100 });
}

/** The YAML of a new form over an entity, with one empty section to drag fields into. */
export function newFormSource(id: string, entity: string, title: string): string {
  return [
    "# yaml-language-server: $schema=../../packages/definitions/schemas/form.schema.json",
    "kind: form",
    `id: ${id}`,
    `entity: ${entity}`,
    `title: ${JSON.stringify(title)}`,
    "sections:",
    "  - id: main",
    "    title: Details",
    "    fields: []",
    "",
  ].join("\n");
}

/** Reads the builder's view of a form from its Document; anything malformed reads as absent. */
export function readLayout(doc: Document): FormLayout {
  const value: unknown = doc.errors.length > 0 ? undefined : doc.toJS();
  const form = record(value);
  return {
    id: str(form.id) ?? "",
    entity: str(form.entity) ?? "",
    ...opt("title", label(form.title)),
    sections: list(form.sections).map(readSection),
    computed: list(form.computed)
      .map(record)
      .map((c) => ({ field: str(c.field) ?? "", value: str(c.value) ?? "" })),
  };
}

function readSection(raw: unknown): SectionLayout {
  const s = record(raw);
  return {
    id: str(s.id) ?? "",
    ...opt("title", label(s.title)),
    ...opt("description", str(s.description)),
    ...opt("visibleWhen", str(s.visibleWhen)),
    fields: list(s.fields)
      .map(record)
      .filter((f) => typeof f.field === "string")
      .map((f) => ({
        field: f.field as string,
        ...opt("widget", str(f.widget)),
        ...opt("label", label(f.label)),
        ...opt("help", label(f.help)),
        ...opt("placeholder", str(f.placeholder)),
        ...opt("required", bool(f.required)),
        ...opt("readOnly", bool(f.readOnly)),
        ...opt("visibleWhen", str(f.visibleWhen)),
        ...opt("requiredWhen", str(f.requiredWhen)),
      })),
  };
}

/** The text of a label in a language, falling back to English, then to its first language. */
export function labelText(value: Label | undefined, lang = "en"): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  return value[lang] ?? value.en ?? Object.values(value)[0];
}

/** Where a placed field is: its section's index and its index in that section. */
export interface FieldAt {
  readonly section: number;
  readonly index: number;
}

/** Finds a placed field by name. */
export function findPlacement(layout: FormLayout, field: string): FieldAt | undefined {
  for (const [section, s] of layout.sections.entries()) {
    const index = s.fields.findIndex((f) => f.field === field);
    if (index >= 0) return { section, index };
  }
  return undefined;
}

// ---- Edits. Each mutates the Document it is given; callers edit a clone and re-render. ----

/** Sets the form's title; a per-language title keeps its other languages. */
export function setFormTitle(doc: Document, text: string): void {
  setLabel(doc, ["title"], text);
}

/** Appends a section with an id not yet used. */
export function addSection(doc: Document, title: string): void {
  const sections = seqAt(doc, ["sections"]);
  const used = new Set(readLayout(doc).sections.map((s) => s.id));
  let n = sections.items.length + 1;
  while (used.has(`section-${n}`)) n++;
  const node = doc.createNode({ id: `section-${n}`, title, fields: [] });
  sections.items.push(node);
}

/** Renames a section (its title; a per-language title keeps its other languages). */
export function renameSection(doc: Document, section: number, title: string): void {
  setLabel(doc, ["sections", section, "title"], title);
}

/** Sets or (with "" / undefined) removes a section's id or visibleWhen rule. */
export function setSectionProp(
  doc: Document,
  section: number,
  prop: "id" | "visibleWhen" | "description",
  value: string | undefined,
): void {
  setOrDelete(doc, ["sections", section, prop], value === "" ? undefined : value);
}

/** Removes a section and the placements in it. */
export function removeSection(doc: Document, section: number): void {
  seqAt(doc, ["sections"]).items.splice(section, 1);
}

/** Places an entity field into a section at an index (the end when out of range). */
export function placeField(doc: Document, field: string, section: number, index?: number): void {
  const fields = seqAt(doc, ["sections", section, "fields"]);
  const node = doc.createNode({ field });
  const at = index === undefined ? fields.items.length : clamp(index, 0, fields.items.length);
  fields.items.splice(at, 0, node);
}

/** Moves a placement (with its comments and settings) to another position, in any section. */
export function moveField(doc: Document, from: FieldAt, to: { section: number; index: number }): void {
  const source = seqAt(doc, ["sections", from.section, "fields"]);
  const [node] = source.items.splice(from.index, 1);
  if (node === undefined) return;
  const target = seqAt(doc, ["sections", to.section, "fields"]);
  target.items.splice(clamp(to.index, 0, target.items.length), 0, node);
}

/** Takes a field off the form. */
export function removeField(doc: Document, at: FieldAt): void {
  seqAt(doc, ["sections", at.section, "fields"]).items.splice(at.index, 1);
}

/** Sets a placement's property; "", false and undefined remove it (the form language's default). */
export function setPlacementProp(
  doc: Document,
  at: FieldAt,
  prop: PlacementProp,
  value: string | boolean | undefined,
): void {
  const path = ["sections", at.section, "fields", at.index, prop];
  if (prop === "label" && typeof value === "string" && value !== "") return setLabel(doc, path, value);
  setOrDelete(doc, path, value === "" || value === false ? undefined : value);
}

/** Adds a computed field rule. */
export function addComputed(doc: Document, field: string, value: string): void {
  seqAt(doc, ["computed"]).items.push(doc.createNode({ field, value }));
}

/** Changes a computed rule's field or expression. */
export function setComputed(doc: Document, index: number, prop: "field" | "value", value: string): void {
  doc.setIn(["computed", index, prop], value);
}

/** Removes a computed rule (and the `computed` key when it was the last). */
export function removeComputed(doc: Document, index: number): void {
  const computed = seqAt(doc, ["computed"]);
  computed.items.splice(index, 1);
  if (computed.items.length === 0) doc.deleteIn(["computed"]);
}

// ---- helpers ----

function seqAt(doc: Document, path: readonly (string | number)[]): YAMLSeq {
  const node = doc.getIn(path, true);
  if (isSeq(node)) {
    // Items added by the builder are written one per line, not as `[{ field: x }]`.
    node.flow = false;
    return node;
  }
  const seq = new YAMLSeq();
  doc.setIn(path, seq);
  return seq;
}

function setLabel(doc: Document, path: readonly (string | number)[], text: string): void {
  const node = doc.getIn(path, true);
  if (isMap(node) && (node as YAMLMap).items.length > 0) {
    const lang = (node as YAMLMap).has("en") ? "en" : String((node as YAMLMap).items[0]?.key ?? "en");
    (node as YAMLMap).set(lang, text);
    return;
  }
  doc.setIn(path, text);
}

function setOrDelete(doc: Document, path: readonly (string | number)[], value: unknown): void {
  if (value === undefined) {
    if (doc.hasIn(path)) doc.deleteIn(path);
  } else doc.setIn(path, value);
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

function label(value: unknown): Label | undefined {
  if (typeof value === "string") return value;
  const r = record(value);
  const entries = Object.entries(r).filter((e): e is [string, string] => typeof e[1] === "string");
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** `{ [key]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes-friendly). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
