import { describe, expect, it } from "vitest";
import { retryTransient } from "./retry.js";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const wrapped = (code: string) => new Error("Failed query: …", { cause: pgError(code) });

describe("retryTransient", () => {
  it("runs a transaction again after a deadlock, also when drizzle wrapped the error", async () => {
    const errors = [wrapped("40P01"), pgError("40001")];
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return "done";
    });
    expect([result, calls]).toEqual(["done", 3]);
  });

  it("passes any other error on at once, and a transient one after the third attempt", async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw wrapped("23505");
      }),
    ).rejects.toThrow("Failed query");
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw pgError("40P01");
      }),
    ).rejects.toThrow("pg 40P01");
    expect(calls).toBe(3);
  });
});
