import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { updateRecordComponent } from "./update-record.js";

const account = { entity: "cs.account", id: "acc-1", data: { name: "Acme", stage: "new" } };

describe("core.update-record", () => {
  it("merges the evaluated changes into the record", async () => {
    const { ctx, effects } = fakeStep({
      component: "core.update-record",
      config: { entity: "cs.account", id: "record.id", values: { stage: "'won'" } },
      scope: { record: { id: "acc-1" } },
      records: [account],
    });
    const outcome = await execute(updateRecordComponent, ctx);
    expect(effects.updated).toEqual([{ entity: "cs.account", id: "acc-1", changes: { stage: "won" } }]);
    expect(outcome).toEqual({
      kind: "completed",
      output: { id: "acc-1", record: { name: "Acme", stage: "won" } },
    });
  });

  it("refuses an id that is not text", async () => {
    const { ctx, effects } = fakeStep({
      component: "core.update-record",
      config: { entity: "cs.account", id: "record.number", values: { stage: "'won'" } },
      scope: { record: { number: 17 } },
      records: [account],
    });
    const outcome = await execute(updateRecordComponent, ctx);
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "component/invalid-config" } });
    expect(outcome.kind === "failed" && outcome.error.message).toBe(
      "'id' must give a record id as text, but `record.number` gave 17.",
    );
    expect(effects.updated).toEqual([]);
  });

  it("passes the gateway's record/not-found through", async () => {
    const { ctx } = fakeStep({
      component: "core.update-record",
      config: { entity: "cs.account", id: "'nope'", values: { stage: "'won'" } },
    });
    expect(await execute(updateRecordComponent, ctx)).toMatchObject({
      kind: "failed",
      error: { code: "record/not-found" },
    });
  });
});
