import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { type ReactNode, useState } from "react";
import type { Document } from "yaml";
import { applyDrop } from "./drop";
import { type EntityField, FieldPalette } from "./FieldPalette";
import { type FormLayout, labelText, placeField } from "./form-document";
import { type BoardProps, SectionsBoard } from "./SectionsBoard";

// Over a placed field, prefer it to the section around it; by keyboard there is no pointer.
const collisions: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  if (hits.length === 0) return closestCenter(args);
  const onField = hits.filter((h) => String(h.id).startsWith("at:"));
  return onField.length > 0 ? onField : hits;
};

/**
 * The entity's fields and the form's sections in one drag-and-drop context: drag a field into a
 * section, reorder within and between sections, by pointer or keyboard (space, arrows, space).
 */
export function LayoutEditor(
  props: Omit<BoardProps, "sections"> & {
    layout: FormLayout;
    fields: readonly EntityField[];
    edit(change: (doc: Document) => void): void;
    children?: ReactNode;
  },
) {
  const { layout, fields, edit } = props;
  const [target, setTarget] = useState(0);
  const [dragging, setDragging] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const placed = new Set(layout.sections.flatMap((s) => s.fields.map((f) => f.field)));
  const titles = layout.sections.map((s, i) => labelText(s.title) ?? (s.id || `Section ${i + 1}`));
  const into = Math.min(target, Math.max(titles.length - 1, 0));

  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.data.current?.label ?? e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    if (!e.over) return;
    const active = String(e.active.id);
    const over = String(e.over.id);
    edit((doc) => applyDrop(doc, layout, active, over));
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements: ANNOUNCEMENTS }}
    >
      <FieldPalette
        fields={fields}
        placed={placed}
        sectionTitles={titles}
        target={into}
        onTarget={setTarget}
        onAdd={(field) => edit((doc) => placeField(doc, field, into))}
      />
      <div className="fb-middle">
        <SectionsBoard {...props} sections={layout.sections} />
        {props.children}
      </div>
      <DragOverlay>{dragging ? <div className="fb-overlay">{dragging}</div> : null}</DragOverlay>
    </DndContext>
  );
}

const name = (data: { current?: Record<string, unknown> | undefined }, id: unknown) =>
  String(data.current?.label ?? id);

const ANNOUNCEMENTS = {
  onDragStart: ({ active }: DragStartEvent) => `Picked up ${name(active.data, active.id)}.`,
  onDragOver: ({ active, over }: { active: DragStartEvent["active"]; over: DragEndEvent["over"] }) =>
    over ? `${name(active.data, active.id)} is over ${describe(String(over.id))}.` : undefined,
  onDragEnd: ({ active, over }: DragEndEvent) =>
    over
      ? `${name(active.data, active.id)} was dropped on ${describe(String(over.id))}.`
      : `${name(active.data, active.id)} was dropped outside the sections.`,
  onDragCancel: ({ active }: DragEndEvent) => `Moving ${name(active.data, active.id)} was cancelled.`,
};

function describe(id: string): string {
  if (id.startsWith("section:")) return `section ${Number(id.slice(8)) + 1}`;
  if (id.startsWith("at:")) return `field ${id.slice(3)}`;
  return id;
}
