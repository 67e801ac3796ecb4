import { describe, expect, it } from "vitest";
import { parseComponentRef, parseQuota } from "./component-ref";

describe("parseComponentRef", () => {
  it("splits id@version", () => {
    expect(parseComponentRef(" acme.enrich@1.0.0 ")).toEqual({
      ok: true,
      componentId: "acme.enrich",
      version: "1.0.0",
    });
  });
  it("says what is wrong with a missing version, a bad id or a range", () => {
    expect(parseComponentRef("acme.enrich").ok).toBe(false);
    expect(parseComponentRef("Acme@1.0.0")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Acme"),
    });
    expect(parseComponentRef("acme.enrich@^1.0")).toMatchObject({
      ok: false,
      message: expect.stringContaining("^1.0"),
    });
  });
});

describe("parseQuota", () => {
  it("reads an empty quota as none and a whole number as itself", () => {
    expect(parseQuota("")).toEqual({ ok: true, value: null });
    expect(parseQuota("60")).toEqual({ ok: true, value: 60 });
  });
  it("refuses zero and fractions", () => {
    expect(parseQuota("0").ok).toBe(false);
    expect(parseQuota("1.5").ok).toBe(false);
  });
});
