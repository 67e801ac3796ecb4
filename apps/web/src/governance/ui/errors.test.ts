import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { describeError, isMissingEndpoint } from "./errors";

describe("describeError", () => {
  it("keeps the server's status, code, message and hint", () => {
    const e = new ApiError(409, "lifecycle/gates-failed", "Gates failed.", "Wait.", {});
    expect(describeError(e)).toEqual({
      status: 409,
      code: "lifecycle/gates-failed",
      message: "Gates failed.",
      hint: "Wait.",
    });
  });
  it("words a network failure so a user knows what happened", () => {
    const view = describeError(new TypeError("Failed to fetch"));
    expect(view.code).toBe("network");
    expect(view.message).toContain("Failed to fetch");
  });
  it("recognises an endpoint the server does not have", () => {
    expect(isMissingEndpoint(new ApiError(404, "no-such-endpoint", "", undefined, {}))).toBe(true);
    expect(isMissingEndpoint(new ApiError(404, "not-found", "", undefined, {}))).toBe(false);
  });
});
