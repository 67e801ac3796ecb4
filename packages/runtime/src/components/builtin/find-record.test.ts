import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { findRecordComponent } from "./find-record.js";

const shops = [
  { entity: "shop", id: "s1", data: { city: "Xi'an", tier: 2 } },
  { entity: "shop", id: "s2", data: { city: "Chengdu", tier: 1 } },
  { entity: "shop", id: "s3", data: { city: "Chengdu", tier: 2 } },
];

const find = (match: Record<string, string>, scope: Record<string, unknown> = {}) =>
  execute(
    findRecordComponent,
    fakeStep({ component: "core.find-record", config: { entity: "shop", match }, records: shops, scope }).ctx,
  );

describe("core.find-record", () => {
  it("finds the one record whose fields equal the values", async () => {
    expect(await find({ city: "record.city", tier: "2" }, { record: { city: "Chengdu" } })).toEqual({
      kind: "completed",
      output: { found: true, id: "s3", record: { city: "Chengdu", tier: 2 }, count: 1 },
    });
  });

  it("reports an ambiguous match as count 2", async () => {
    expect(await find({ city: "'Chengdu'" })).toMatchObject({ output: { found: true, id: "s2", count: 2 } });
  });

  it("reports no match without an id or record", async () => {
    expect(await find({ city: "'Lhasa'" })).toEqual({
      kind: "completed",
      output: { found: false, count: 0 },
    });
  });

  it("matches on the record id, checking the other fields on that record", async () => {
    expect(await find({ id: "record.id" }, { record: { id: "s3" } })).toMatchObject({
      output: { found: true, id: "s3", count: 1 },
    });
    expect(await find({ id: "'s3'", city: "'Chengdu'" })).toMatchObject({
      output: { found: true, id: "s3" },
    });
    expect(await find({ id: "'s3'", city: "'Lhasa'" })).toMatchObject({ output: { found: false, count: 0 } });
    expect(await find({ id: "'nope'" })).toMatchObject({ output: { found: false } });
  });

  it("refuses a list as a match value", async () => {
    expect(await find({ city: "['Chengdu', 'Xian']" })).toMatchObject({
      kind: "failed",
      error: {
        code: "component/invalid-config",
        message: expect.stringContaining("'match.city' gave a list of 2"),
      },
    });
  });

  it("refuses an entity that does not exist", async () => {
    const { ctx } = fakeStep({
      component: "core.find-record",
      config: { entity: "shops", match: { city: "'x'" } },
      entities: ["shop"],
    });
    expect(await execute(findRecordComponent, ctx)).toMatchObject({
      kind: "failed",
      error: { code: "record/unknown-entity" },
    });
  });
});
