import { describe, expect, it } from "vitest";
import { withIdempotencyKey } from "./transports.js";

describe("withIdempotencyKey", () => {
  it("sends the outbox key unless the step set its own, in any case", () => {
    expect(withIdempotencyKey({}, "run:1:http:1")["idempotency-key"]).toBe("run:1:http:1");
    const own = withIdempotencyKey({ "Idempotency-Key": "rebate-X-2026-03" }, "run:1:http:1");
    expect(own).toEqual({ "content-type": "application/json", "Idempotency-Key": "rebate-X-2026-03" });
  });
});
