import type { Document } from "yaml";
import { findPlacement, type FormLayout, moveField, placeField } from "./form-document";

/**
 * What a drop means for the form. Ids: `new:<field>` for a palette field, `at:<field>` for a placed
 * one, `section:<index>` for a section's drop area. Dropping on a placed field puts the dragged
 * field at its position; dropping on a section appends to it.
 */
export function applyDrop(doc: Document, layout: FormLayout, active: string, over: string): boolean {
  const target = dropTarget(layout, over);
  if (!target) return false;
  if (active.startsWith("new:")) {
    const field = active.slice(4);
    if (findPlacement(layout, field)) return false;
    placeField(doc, field, target.section, target.index);
    return true;
  }
  if (active.startsWith("at:")) {
    const from = findPlacement(layout, active.slice(3));
    if (!from) return false;
    if (from.section === target.section && from.index === target.index) return false;
    moveField(doc, from, target);
    return true;
  }
  return false;
}

/** The section and index a drop on `over` places a field at. */
export function dropTarget(layout: FormLayout, over: string): { section: number; index: number } | undefined {
  if (over.startsWith("section:")) {
    const section = Number(over.slice(8));
    const fields = layout.sections[section]?.fields;
    return fields ? { section, index: fields.length } : undefined;
  }
  if (over.startsWith("at:")) return findPlacement(layout, over.slice(3));
  return undefined;
}
