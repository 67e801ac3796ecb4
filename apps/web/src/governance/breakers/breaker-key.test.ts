import { describe, expect, it } from "vitest";
import { parseBreakerKey, resetPath } from "./breaker-key";

describe("parseBreakerKey", () => {
  it("reads a workflow and a component key", () => {
    expect(parseBreakerKey("workflow:rebate.monthly-payout@2")).toEqual({
      type: "workflow",
      id: "rebate.monthly-payout",
      version: "2",
    });
    expect(parseBreakerKey("component:acme.enrich@1.0.0")).toEqual({
      type: "component",
      id: "acme.enrich",
      version: "1.0.0",
    });
  });
  it("refuses other shapes", () => {
    expect(parseBreakerKey("queue:x@1")).toBeNull();
    expect(parseBreakerKey("workflow:x")).toBeNull();
  });
});

describe("resetPath", () => {
  it("encodes the key as one path segment", () => {
    expect(resetPath("workflow:rebate.monthly-payout@2")).toBe(
      "/api/breakers/workflow%3Arebate.monthly-payout%402/reset",
    );
  });
});
