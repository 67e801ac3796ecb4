import { useDraggable } from "@dnd-kit/core";
import type { FieldSchema } from "@switchyard/definitions";
import { labelText } from "./form-document";
import { fieldTypes } from "./widgets";

/** An entity field as the palette lists it. */
export interface EntityField {
  readonly name: string;
  readonly schema: FieldSchema;
  readonly required: boolean;
}

/** The label a user knows a field by: its x-label, title, or name. */
export function fieldLabel(field: EntityField): string {
  return labelText(field.schema["x-label"]) ?? field.schema.title ?? field.name;
}

/** Draggable id of an entity field in the palette. */
export const paletteId = (name: string) => `new:${name}`;

/**
 * The entity's fields: drag one into a section (pointer or keyboard), or use its Add button,
 * which places it in the section chosen above the list.
 */
export function FieldPalette(props: {
  fields: readonly EntityField[];
  placed: ReadonlySet<string>;
  sectionTitles: readonly string[];
  target: number;
  onTarget(section: number): void;
  onAdd(field: string): void;
}) {
  const { fields, placed, sectionTitles, target } = props;
  return (
    <section className="fb-palette" aria-labelledby="fb-palette-title">
      <h2 id="fb-palette-title">Entity fields</h2>
      <label className="fb-stack">
        Add fields to
        <select value={target} onChange={(e) => props.onTarget(Number(e.target.value))}>
          {sectionTitles.map((t, i) => (
            <option key={i} value={i}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <ul className="fb-field-list">
        {fields.map((f) => (
          <PaletteItem
            key={f.name}
            field={f}
            placed={placed.has(f.name)}
            canAdd={sectionTitles.length > 0}
            onAdd={() => props.onAdd(f.name)}
          />
        ))}
      </ul>
    </section>
  );
}

function PaletteItem({
  field,
  placed,
  canAdd,
  onAdd,
}: {
  field: EntityField;
  placed: boolean;
  canAdd: boolean;
  onAdd(): void;
}) {
  const label = fieldLabel(field);
  const { setNodeRef, attributes, listeners, isDragging } = useDraggable({
    id: paletteId(field.name),
    disabled: placed,
    data: { label },
  });
  const sensitive = field.schema["x-sensitive"];
  const pii = field.schema["x-pii"];
  return (
    <li
      className={`fb-field${placed ? " fb-placed" : ""}${isDragging ? " fb-dragging" : ""}`}
      data-testid={`field-${field.name}`}
    >
      <div
        ref={setNodeRef}
        className="fb-handle"
        {...attributes}
        {...listeners}
        aria-label={placed ? `${label} (on the form)` : `Drag ${label} into a section`}
      >
        <span className="fb-field-label">{label}</span>
        <span className="fb-field-meta">
          <code>{field.name}</code> · {fieldTypes(field.schema).join(" | ")}
          {field.schema.format ? ` (${field.schema.format})` : ""}
        </span>
        <span className="fb-badges">
          {field.required && <span className="tag">required</span>}
          {sensitive && (
            <span className="tag fb-sensitive" title="Compliance checks flag rules that read this field.">
              sensitive: {sensitive}
            </span>
          )}
          {pii && pii !== "none" && <span className="tag fb-pii">PII: {pii}</span>}
          {field.schema.readOnly && <span className="tag">read-only</span>}
          {placed && <span className="tag fb-on-form">on form</span>}
        </span>
      </div>
      <button
        type="button"
        onClick={onAdd}
        disabled={placed || !canAdd}
        aria-label={`Add ${label} to the form`}
      >
        Add
      </button>
    </li>
  );
}
