import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { setComponent } from "./set.js";

describe("core.set", () => {
  it("keeps each field's value under its name", async () => {
    const { ctx } = fakeStep({
      component: "core.set",
      config: {
        fields: {
          total: "record.price * 2.0",
          vip: "'vip' in record.tags",
          name: "record.name.lowerAscii()",
        },
      },
      scope: { record: { price: 21, tags: ["vip"], name: "ACME" } },
    });
    expect(await execute(setComponent, ctx)).toEqual({
      kind: "completed",
      output: { total: 42, vip: true, name: "acme" },
    });
  });

  it("names the field whose expression failed, keeping the evaluator's code", async () => {
    const { ctx } = fakeStep({
      component: "core.set",
      config: { fields: { ok: "1", broken: "record.price / 'x'" } },
      scope: { record: { price: 1 } },
    });
    const outcome = await execute(setComponent, ctx);
    expect(outcome).toMatchObject({ kind: "failed", retryable: false, error: { code: "expression/error" } });
    expect(outcome.kind === "failed" && outcome.error.message).toMatch(/^In 'fields\.broken': /);
  });

  it("refuses settings that do not fit the component's schema", async () => {
    const { ctx } = fakeStep({ component: "core.set", config: { fields: { n: 42 } } });
    const outcome = await execute(setComponent, ctx);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "component/invalid-config" } });
    expect(outcome.kind === "failed" && outcome.error.message).toContain("fields.n must be string");
  });
});
