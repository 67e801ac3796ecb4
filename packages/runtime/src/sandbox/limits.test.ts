import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_MEMORY_MIB, MIN_MEMORY_MIB, resolveLimits, WASM_PAGE_BYTES } from "./limits.js";

const MiB = 1024 * 1024;

describe("resolveLimits", () => {
  it("defaults to 32 MiB and 1000 ms", () => {
    expect(resolveLimits(undefined)).toEqual({ memoryPages: 512, memoryMiB: 32, timeoutMs: 1000 });
    expect(resolveLimits({ timeoutMs: 50 })).toEqual({ memoryPages: 512, memoryMiB: 32, timeoutMs: 50 });
  });

  it("rounds memory up to whole 64 KiB pages and clamps it to 16-256 MiB", () => {
    expect(resolveLimits({ memoryMiB: 40.01 }).memoryPages).toBe(Math.ceil((40.01 * MiB) / WASM_PAGE_BYTES));
    expect(resolveLimits({ memoryMiB: 1 }).memoryMiB).toBe(MIN_MEMORY_MIB);
    expect(resolveLimits({ memoryMiB: 4096 }).memoryMiB).toBe(MAX_MEMORY_MIB);
  });

  it("never resolves to a memory outside the range or smaller than asked for within it", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 10_000, noNaN: true }), (memoryMiB) => {
        const { memoryPages, memoryMiB: resolved } = resolveLimits({ memoryMiB });
        expect(Number.isInteger(memoryPages)).toBe(true);
        expect(resolved).toBeGreaterThanOrEqual(MIN_MEMORY_MIB);
        expect(resolved).toBeLessThanOrEqual(MAX_MEMORY_MIB);
        if (memoryMiB <= MAX_MEMORY_MIB) expect(resolved).toBeGreaterThanOrEqual(memoryMiB);
      }),
    );
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, "5"])("rejects %s as a caller's bug", (value) => {
    expect(() => resolveLimits({ timeoutMs: value as number })).toThrow(
      expect.objectContaining({ code: "sandbox/invalid-limits" }),
    );
    expect(() => resolveLimits({ memoryMiB: value as number })).toThrow(
      expect.objectContaining({ code: "sandbox/invalid-limits" }),
    );
  });
});
