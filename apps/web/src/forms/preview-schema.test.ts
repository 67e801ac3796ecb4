import type { Entity } from "@switchyard/definitions";
import { describe, expect, it } from "vitest";
import { parseFormDocument, readLayout } from "./form-document";
import { buildPreview } from "./preview-schema";
import { serverParityValidator } from "./preview-validator";

const entity: Entity = {
  kind: "entity",
  id: "fmcg.store-visit",
  label: "Store visit",
  schema: {
    type: "object",
    required: ["store_code", "visit_date", "visited_by"],
    properties: {
      store_code: { type: "string", pattern: "^[A-Z]{2}[0-9]{6}$", "x-label": { en: "Store code" } },
      visit_date: { type: "string", format: "date" },
      visited_by: { type: "string", format: "email" },
      facings: { type: "integer", minimum: 0 },
      notes: { type: "string", maxLength: 10 },
      location: {
        type: "object",
        properties: { lat: { type: "number" }, lng: { type: "number" } },
        required: ["lat", "lng"],
      },
    },
  },
};

const layout = readLayout(
  parseFormDocument(`kind: form
id: f
entity: fmcg.store-visit
title: T
sections:
  - id: a
    title: A
    fields:
      - field: facings
        widget: number
      - field: store_code
  - id: b
    title: B
    visibleWhen: record.facings > 0
    fields:
      - field: notes
        widget: textarea
        label: Remarks
        required: true
      - field: location.lat
`),
);

describe("buildPreview", () => {
  const preview = buildPreview(entity.schema, layout);

  it("narrows the record schema to the placed fields, in form order", () => {
    expect(Object.keys(preview.schema.properties ?? {})).toEqual([
      "facings",
      "store_code",
      "notes",
      "location",
    ]);
    expect(preview.uiSchema["ui:order"]).toEqual(["facings", "store_code", "notes", "location", "*"]);
  });

  it("requires entity-required fields on the form and fields the form requires", () => {
    expect(preview.schema.required).toEqual(["notes", "store_code"]);
  });

  it("keeps only placed children of a narrowed object, and their required", () => {
    expect(preview.schema.properties?.location).toMatchObject({
      properties: { lat: { type: "number" } },
      required: ["lat"],
    });
  });

  it("labels fields by override, then x-label, and maps widgets", () => {
    expect(preview.schema.properties?.notes).toMatchObject({ title: "Remarks", maxLength: 10 });
    expect(preview.schema.properties?.store_code).toMatchObject({ title: "Store code" });
    expect(preview.uiSchema.notes).toMatchObject({ "ui:widget": "textarea" });
    expect(preview.sections).toEqual([
      { title: "A", properties: ["facings", "store_code"] },
      { title: "B", note: "Shown only when record.facings > 0", properties: ["notes", "location"] },
    ]);
  });
});

describe("buildPreview widgets", () => {
  const form = (widget: string, field: string) =>
    readLayout(
      parseFormDocument(
        `kind: form\nid: f\nentity: e\ntitle: T\nsections:\n  - id: a\n    title: A\n    fields:\n      - field: ${field}\n        widget: ${widget}\n`,
      ),
    );
  it("falls back to the default editor for a widget that does not fit the field", () => {
    expect(buildPreview(entity.schema, form("switch", "facings")).uiSchema.facings).toEqual({});
  });
  it("keeps a select without choices as a plain input", () => {
    expect(buildPreview(entity.schema, form("select", "notes")).uiSchema.notes).toEqual({});
  });
  it("draws a number widget as an up-down input", () => {
    expect(buildPreview(entity.schema, form("rating", "facings")).uiSchema.facings).toEqual({
      "ui:widget": "updown",
    });
  });
});

describe("serverParityValidator", () => {
  const preview = buildPreview(entity.schema, layout);
  const validator = serverParityValidator(entity);

  it("puts pattern, minimum and type violations on their fields", () => {
    const { errorSchema } = validator.validateFormData(
      { store_code: "gd1", facings: -1, notes: "ok", location: { lat: "north" } },
      preview.schema,
    );
    expect(errorSchema.store_code?.__errors?.[0]).toMatch(/pattern/);
    expect(errorSchema.facings?.__errors?.[0]).toMatch(/>= 0/);
    expect((errorSchema.location as { lat?: { __errors?: string[] } }).lat?.__errors?.[0]).toMatch(/number/);
  });

  it("reports a missing required field on that field", () => {
    const { errorSchema } = validator.validateFormData({ store_code: "GD000123" }, preview.schema);
    expect(errorSchema.notes?.__errors).toHaveLength(1);
    expect(errorSchema.store_code).toBeUndefined();
  });
});
