import { describe, expect, it } from "vitest";
import { applyDrop } from "./drop";
import { parseFormDocument, readLayout } from "./form-document";

const SOURCE = `kind: form
id: f
entity: e
title: T
sections:
  - id: a
    title: A
    fields:
      - field: one
      - field: two
  - id: b
    title: B
    fields: []
`;

function drop(active: string, over: string): string[][] {
  const doc = parseFormDocument(SOURCE);
  applyDrop(doc, readLayout(doc), active, over);
  return readLayout(doc).sections.map((s) => s.fields.map((f) => f.field));
}

describe("applyDrop", () => {
  it("appends a palette field dropped on an empty section", () => {
    expect(drop("new:three", "section:1")).toEqual([["one", "two"], ["three"]]);
  });
  it("inserts a palette field before the field it is dropped on", () => {
    expect(drop("new:three", "at:two")).toEqual([["one", "three", "two"], []]);
  });
  it("ignores a palette field already on the form", () => {
    expect(drop("new:one", "section:1")).toEqual([["one", "two"], []]);
  });
  it("reorders within a section", () => {
    expect(drop("at:one", "at:two")).toEqual([["two", "one"], []]);
  });
  it("moves a field to another section", () => {
    expect(drop("at:two", "section:1")).toEqual([["one"], ["two"]]);
  });
});
