import { describe, expect, it } from "vitest";
import { databaseError, sqlState } from "./errors.js";

describe("databaseError", () => {
  it("unwraps drizzle's query error to the database's own, and leaves other errors alone", () => {
    const unique = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
    });
    expect(databaseError(new Error("Failed query: insert … params: secret", { cause: unique }))).toBe(unique);
    const conflict = Object.assign(new Error("run changed"), { code: "store/run-changed" });
    expect(databaseError(conflict)).toBe(conflict);
  });
});

describe("sqlState", () => {
  it("finds the SQLSTATE through drizzle's wrapper, and nothing in errors that have none", () => {
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    expect(sqlState(new Error("Failed query", { cause: deadlock }))).toBe("40P01");
    expect(sqlState(Object.assign(new Error("x"), { code: "store/run-changed" }))).toBeUndefined();
  });
});
