import { describe, expect, it } from "vitest";
import { HttpError } from "../errors.js";
import { check, closed, coerceQuery } from "./schema.js";

const Body = closed(
  {
    name: { type: "string", minLength: 1 },
    files: { type: "array", items: closed({ path: { type: "string" } }, ["path"]) },
    mode: { type: "string", enum: ["a", "b"] },
  },
  ["name"],
);

function failure(value: unknown): HttpError {
  try {
    check(Body, value, "body");
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error("expected the check to fail");
}

describe("check", () => {
  it("returns a valid value as it is", () => {
    expect(check(Body, { name: "x", files: [{ path: "a.yaml" }] }, "body")).toEqual({
      name: "x",
      files: [{ path: "a.yaml" }],
    });
  });

  it("names every bad field: missing, unknown, wrong type, nested, not in the enum", () => {
    const error = failure({ nmae: "x", files: [{ path: 1 }], mode: "c" });
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid-request");
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: "name", message: "is required" },
        { field: "nmae", message: "is not a known field (known: name, files, mode)" },
        { field: "files[0].path", message: "must be string" },
        { field: "mode", message: "must be one of: a, b" },
      ]),
    );
    expect(error.message).toContain("The request body is not valid: ");
  });

  it("rejects a body that is not an object", () => {
    expect(failure([1, 2]).details).toEqual([{ field: "(body)", message: "must be object" }]);
  });
});

describe("coerceQuery", () => {
  const Query = closed({ limit: { type: "integer" }, all: { type: "boolean" }, name: { type: "string" } });

  it("reads numbers and booleans of typed fields, and leaves the rest for the schema to judge", () => {
    expect(coerceQuery(Query, { limit: "20", all: "true", name: "7", other: "1" })).toEqual({
      limit: 20,
      all: true,
      name: "7",
      other: "1",
    });
    expect(coerceQuery(Query, { limit: "ten", all: "yes" })).toEqual({ limit: "ten", all: "yes" });
  });
});
