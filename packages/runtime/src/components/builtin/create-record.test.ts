import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { createRecordComponent } from "./create-record.js";

describe("core.create-record", () => {
  it("stages the evaluated values through the gateway and outputs the new record", async () => {
    const { ctx, effects } = fakeStep({
      component: "core.create-record",
      config: { entity: "cs.task", values: { title: "'Call ' + record.name", account: "record.id" } },
      scope: { record: { id: "acc-7", name: "Acme" } },
    });
    const outcome = await execute(createRecordComponent, ctx);
    expect(effects.created).toEqual([{ entity: "cs.task", data: { title: "Call Acme", account: "acc-7" } }]);
    expect(outcome).toEqual({
      kind: "completed",
      output: { id: "cs.task-1", record: { title: "Call Acme", account: "acc-7" } },
    });
  });

  it("writes nothing when a value cannot be evaluated", async () => {
    const { ctx, effects } = fakeStep({
      component: "core.create-record",
      config: { entity: "cs.task", values: { title: "record.missing.deeper" } },
      scope: { record: {} },
    });
    const outcome = await execute(createRecordComponent, ctx);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "expression/error" } });
    expect(effects.created).toEqual([]);
  });
});
