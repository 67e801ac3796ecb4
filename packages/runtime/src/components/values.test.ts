import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactValue, describeValue, isEmailAddress, toTextList, toTimestampMs } from "./values.js";

describe("toTextList", () => {
  it("takes one text or a list of texts, trimmed and without repeats", () => {
    expect(toTextList(" ana ")).toEqual(["ana"]);
    expect(toTextList(["ana", "bo", "ana"])).toEqual(["ana", "bo"]);
  });

  it("refuses anything holding a non-text or a blank", () => {
    for (const bad of [42, null, undefined, { a: 1 }, ["ana", 3], ["ana", " "], ""]) {
      expect(toTextList(bad)).toBeUndefined();
    }
  });

  it("returns only non-blank texts that were in the input (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.string())), (value) => {
        const list = toTextList(value);
        if (list === undefined) return;
        const inputs = (Array.isArray(value) ? value : [value]).map((s) => s.trim());
        for (const item of list) expect(inputs).toContain(item);
        expect(new Set(list).size).toBe(list.length);
        expect(list.every((s) => s !== "")).toBe(true);
      }),
    );
  });
});

describe("toTimestampMs", () => {
  it("reads ISO text with a zone, bare dates, Dates and protobuf timestamps", () => {
    expect(toTimestampMs("2026-03-05T08:00:00Z")).toBe(Date.UTC(2026, 2, 5, 8));
    expect(toTimestampMs("2026-03-05T16:00:00.000+08:00")).toBe(Date.UTC(2026, 2, 5, 8));
    expect(toTimestampMs("2026-03-05")).toBe(Date.UTC(2026, 2, 5));
    expect(toTimestampMs(new Date(Date.UTC(2026, 2, 5)))).toBe(Date.UTC(2026, 2, 5));
    expect(toTimestampMs({ seconds: 1_772_697_600n, nanos: 5_000_000 })).toBe(1_772_697_600_005);
    expect(toTimestampMs({ message: { seconds: 1n, nanos: 0 } })).toBe(1000);
  });

  it("refuses numbers, zone-less times, prose and invalid dates", () => {
    for (const bad of [
      1_772_697_600,
      "2026-03-05T08:00:00",
      "tomorrow",
      "2026-13-45",
      new Date(Number.NaN),
      null,
    ]) {
      expect(toTimestampMs(bad)).toBeUndefined();
    }
  });

  it("reads back every moment written as ISO text (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }),
        (date) => {
          expect(toTimestampMs(date.toISOString())).toBe(date.getTime());
        },
      ),
    );
  });
});

describe("isEmailAddress", () => {
  it("accepts bare addresses, including other scripts", () => {
    for (const ok of ["a@b.co", "first.last+tag@sub.example.com", "王伟@例子.中国"])
      expect(isEmailAddress(ok)).toBe(true);
  });

  it("refuses display names, missing parts and lists", () => {
    for (const bad of ["Ana <a@b.co>", "a@b", "@b.co", "a@", "a b@c.co", "a@b.co, c@d.co", "a@-b.co", ""]) {
      expect(isEmailAddress(bad)).toBe(false);
    }
  });
});

describe("describeValue and compactValue", () => {
  it("describe values the way messages show them", () => {
    expect([
      describeValue("x"),
      describeValue(""),
      describeValue([1, 2]),
      describeValue({}),
      describeValue(null),
    ]).toEqual(["'x'", "empty text ('')", "a list of 2", "a mapping", "empty (null)"]);
  });

  it("shortens large values only", () => {
    expect(compactValue([1, 2])).toEqual([1, 2]);
    expect(compactValue(Array.from({ length: 400 }, (_, i) => i))).toBe("(a list of 400)");
    expect(compactValue("x".repeat(600))).toHaveLength(500);
  });
});
