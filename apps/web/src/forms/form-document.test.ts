import { describe, expect, it } from "vitest";
import {
  addSection,
  formText,
  moveField,
  newFormSource,
  parseFormDocument,
  placeField,
  readLayout,
  removeField,
  renameSection,
  setPlacementProp,
} from "./form-document";

const SOURCE = `kind: form
id: fmcg.check
entity: fmcg.store-visit
title: { en: Store check, zh: 门店检查 }
sections:
  - id: store
    title: Store
    fields:
      - field: store_code
      # Reject fixes worse than 50 m.
      - field: location
        widget: gps
  - id: shelf
    title: { en: Shelf, zh: 货架 }
    fields:
      - field: facings
`;

describe("form document edits", () => {
  it("reads sections and placements", () => {
    const layout = readLayout(parseFormDocument(SOURCE));
    expect(layout.entity).toBe("fmcg.store-visit");
    expect(layout.sections.map((s) => s.fields.map((f) => f.field))).toEqual([
      ["store_code", "location"],
      ["facings"],
    ]);
    expect(layout.sections[0]?.fields[1]?.widget).toBe("gps");
  });

  it("moves a field to another section with its comment", () => {
    const doc = parseFormDocument(SOURCE);
    moveField(doc, { section: 0, index: 1 }, { section: 1, index: 0 });
    const text = formText(doc);
    expect(readLayout(parseFormDocument(text)).sections[1]?.fields.map((f) => f.field)).toEqual([
      "location",
      "facings",
    ]);
    expect(text.indexOf("# Reject fixes")).toBeGreaterThan(text.indexOf("id: shelf"));
  });

  it("keeps the other languages of a renamed section", () => {
    const doc = parseFormDocument(SOURCE);
    renameSection(doc, 1, "Shelves");
    expect(readLayout(doc).sections[1]?.title).toEqual({ en: "Shelves", zh: "货架" });
  });

  it("places a field into a new form's empty section as a block list", () => {
    const doc = parseFormDocument(newFormSource("fmcg.new", "fmcg.store-visit", "New"));
    placeField(doc, "store_code", 0);
    placeField(doc, "facings", 0, 0);
    expect(formText(doc)).toContain("    fields:\n      - field: facings\n      - field: store_code\n");
  });

  it("removes a property set to its default", () => {
    const doc = parseFormDocument(SOURCE);
    setPlacementProp(doc, { section: 0, index: 0 }, "required", true);
    expect(readLayout(doc).sections[0]?.fields[0]?.required).toBe(true);
    setPlacementProp(doc, { section: 0, index: 0 }, "required", false);
    expect(formText(doc)).not.toContain("required");
  });

  it("adds a section with an unused id and removes a field", () => {
    const doc = parseFormDocument(SOURCE);
    addSection(doc, "Promotion");
    removeField(doc, { section: 0, index: 0 });
    const layout = readLayout(doc);
    expect(layout.sections.map((s) => s.id)).toEqual(["store", "shelf", "section-3"]);
    expect(layout.sections[0]?.fields.map((f) => f.field)).toEqual(["location"]);
  });
});
