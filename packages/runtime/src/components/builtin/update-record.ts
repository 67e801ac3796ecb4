import type { ComponentImplementation } from "../contract.js";
import { evaluateMap, evaluateText } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";

interface UpdateRecordConfig {
  readonly entity: string;
  readonly id: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * `core.update-record`: evaluates the record's `id` and the changed `values`, and stages the
 * change through the gateway (merged with the record, validated, committed with the step).
 */
export const updateRecordComponent: ComponentImplementation = {
  id: "core.update-record",
  async execute(ctx) {
    const config = readBuiltinConfig<UpdateRecordConfig>(ctx, "core.update-record");
    const id = evaluateText(ctx, "id", config.id, "a record id");
    const values = evaluateMap(ctx, "values", config.values);
    const result = await ctx.effects.updateRecord(config.entity, id, values);
    return { kind: "completed", output: { id: result.id, record: result.record } };
  },
};
