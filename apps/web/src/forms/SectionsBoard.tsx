import { useDroppable } from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { FieldSchema } from "@switchyard/definitions";
import { useState } from "react";
import type { Problem } from "./DiagnosticsList";
import {
  type FieldAt,
  labelText,
  type Placement,
  type PlacementProp,
  type SectionLayout,
} from "./form-document";
import { PlacementEditor } from "./PlacementEditor";

/** Sortable id of a placed field. */
export const placedId = (field: string) => `at:${field}`;
/** Droppable id of a section. */
export const sectionId = (index: number) => `section:${index}`;

/** What the board needs from the builder: the layout, field look-ups and edits. */
export interface BoardProps {
  readonly sections: readonly SectionLayout[];
  fieldSchema(field: string): FieldSchema | undefined;
  fieldName(field: string): string;
  problemsAt(path: readonly (string | number)[]): readonly Problem[];
  onRenameSection(section: number, title: string): void;
  onSectionProp(section: number, prop: "id" | "visibleWhen", value: string): void;
  onRemoveSection(section: number): void;
  onAddSection(): void;
  onPlacementProp(at: FieldAt, prop: PlacementProp, value: string | boolean | undefined): void;
  onRemoveField(at: FieldAt): void;
}

/** The form's sections; fields are dropped into them and sorted within and between them. */
export function SectionsBoard(props: BoardProps) {
  return (
    <section className="fb-board" aria-labelledby="fb-board-title">
      <h2 id="fb-board-title">Sections</h2>
      {props.sections.map((s, i) => (
        <SectionCard key={i} index={i} section={s} board={props} />
      ))}
      <button type="button" onClick={props.onAddSection}>
        Add section
      </button>
    </section>
  );
}

function SectionCard({
  index,
  section,
  board,
}: {
  index: number;
  section: SectionLayout;
  board: BoardProps;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: sectionId(index) });
  const title = labelText(section.title) ?? section.id;
  const problems = board.problemsAt(["sections", index]).filter((p) => !isFieldProblem(p));
  return (
    <div
      ref={setNodeRef}
      className={`fb-section${isOver ? " fb-over" : ""}`}
      data-testid={`section-${index}`}
      role="group"
      aria-label={`Section ${title}`}
    >
      <div className="fb-section-head">
        <label>
          Section title
          <input
            value={labelText(section.title) ?? ""}
            onChange={(e) => board.onRenameSection(index, e.target.value)}
          />
        </label>
        <label>
          Id
          <input
            className="fb-short"
            value={section.id}
            onChange={(e) => board.onSectionProp(index, "id", e.target.value)}
          />
        </label>
        <button type="button" className="fb-danger" onClick={() => board.onRemoveSection(index)}>
          Remove section {title}
        </button>
      </div>
      <label className="fb-stack">
        Show section only when (CEL)
        <input
          className="fb-cel"
          value={section.visibleWhen ?? ""}
          placeholder="e.g. record.planogram_compliant == false"
          onChange={(e) => board.onSectionProp(index, "visibleWhen", e.target.value)}
        />
      </label>
      <SortableContext
        items={section.fields.map((f) => placedId(f.field))}
        strategy={verticalListSortingStrategy}
      >
        <ol className="fb-placements">
          {section.fields.map((p, f) => (
            <PlacedField key={p.field} at={{ section: index, index: f }} placement={p} board={board} />
          ))}
        </ol>
      </SortableContext>
      {section.fields.length === 0 && (
        <p className="fb-empty">Drag fields here (a section needs at least one).</p>
      )}
      <InlineProblems problems={problems} />
    </div>
  );
}

function PlacedField({ at, placement, board }: { at: FieldAt; placement: Placement; board: BoardProps }) {
  const [open, setOpen] = useState(false);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: placedId(placement.field),
    data: { label: board.fieldName(placement.field) },
  });
  const field = board.fieldSchema(placement.field);
  const name = labelText(placement.label) ?? board.fieldName(placement.field);
  const problems = board.problemsAt(["sections", at.section, "fields", at.index]);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`fb-placement${isDragging ? " fb-dragging" : ""}${problems.length ? " fb-has-error" : ""}`}
      data-testid={`placed-${placement.field}`}
    >
      <div className="fb-placement-row">
        <button type="button" className="fb-grip" {...attributes} {...listeners} aria-label={`Move ${name}`}>
          ⠿
        </button>
        <span className="fb-field-label">{name}</span>
        <span className="fb-field-meta">
          {name !== placement.field && <code>{placement.field}</code>}
          {placement.widget ? ` · ${placement.widget}` : ""}
          {placement.required ? " · required" : ""}
          {placement.visibleWhen ? " · conditional" : ""}
        </span>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          aria-label={`Settings for ${name}`}
        >
          {open ? "Close" : "Settings"}
        </button>
        <button
          type="button"
          className="fb-danger"
          onClick={() => board.onRemoveField(at)}
          aria-label={`Remove ${name} from the form`}
        >
          Remove
        </button>
      </div>
      {open && (
        <PlacementEditor
          placement={placement}
          field={field}
          onChange={(prop, value) => board.onPlacementProp(at, prop, value)}
        />
      )}
      <InlineProblems problems={problems} />
    </li>
  );
}

function InlineProblems({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="fb-inline-problems">
      {problems.map((p, i) => (
        <li key={i} className={p.severity === "warning" ? "fb-warning" : "fb-error"}>
          {p.message} {p.hint && <span className="muted">{p.hint}</span>}
        </li>
      ))}
    </ul>
  );
}

function isFieldProblem(p: Problem): boolean {
  return Array.isArray(p.path) && p.path[2] === "fields" && typeof p.path[3] === "number";
}
