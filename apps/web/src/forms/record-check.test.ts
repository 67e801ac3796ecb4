import { compileEntitySchema, type Entity } from "@switchyard/definitions";
import { describe, expect, it } from "vitest";
import { interpretRecordSchema } from "./record-check";

const entity: Entity = {
  kind: "entity",
  id: "t.visit",
  label: "Visit",
  schema: {
    type: "object",
    required: ["code", "day"],
    additionalProperties: false,
    properties: {
      code: { type: "string", pattern: "^[A-Z]{2}[0-9]{6}$", maxLength: 8, "x-indexed": true },
      day: { type: "string", format: "date" },
      mail: { type: "string", format: "email" },
      wait: { type: "string", format: "duration" },
      area: { type: "number", minimum: 0, maximum: 100, multipleOf: 0.5 },
      facings: { type: "integer", exclusiveMinimum: 0 },
      kind: { type: "string", enum: ["a", "b"] },
      note: { type: ["string", "null"], minLength: 2 },
      skus: { type: "array", items: { type: "string" }, uniqueItems: true, maxItems: 2 },
      where: {
        type: "object",
        required: ["lat"],
        properties: { lat: { type: "number", minimum: -90 }, lng: { type: "number" } },
      },
    },
  },
};

const records: Record<string, unknown>[] = [
  {},
  { code: "gd1", day: "23/11/2026", mail: "nobody", wait: "soon" },
  { code: "GD000123", day: "2026-11-23", area: 101.25, facings: 0, kind: "c", note: "x" },
  { code: "GD000123", day: "2026-11-23", facings: 1.5, note: null, skus: ["a", "a", "b"] },
  { code: 12, day: "2026-11-23", where: { lng: "east" }, extra: true },
  { code: "GD000123", day: "2026-11-23", where: { lat: -91 }, area: "big", kind: "a", wait: "1h30m" },
];

const key = (e: { instancePath: string; keyword: string; message?: string; params: unknown }) =>
  `${e.instancePath} ${e.keyword} ${e.message} ${JSON.stringify(e.params)}`;

describe("interpretRecordSchema", () => {
  const server = compileEntitySchema(entity);
  const local = interpretRecordSchema(entity.schema);
  it.each(records.map((r, i) => [i, r] as const))(
    "reports what the server's Ajv reports (record %i)",
    (_, record) => {
      const serverOk = server(record);
      const localOk = local(record);
      expect(localOk).toBe(serverOk);
      expect((local.errors ?? []).map(key).sort()).toEqual((server.errors ?? []).map(key).sort());
    },
  );
});
