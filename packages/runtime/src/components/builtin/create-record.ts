import type { ComponentImplementation } from "../contract.js";
import { evaluateMap } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";

interface CreateRecordConfig {
  readonly entity: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * `core.create-record`: evaluates `values` and stages a new record through the gateway, which
 * validates it against the entity's schema and commits it with the step (exactly once).
 */
export const createRecordComponent: ComponentImplementation = {
  id: "core.create-record",
  async execute(ctx) {
    const config = readBuiltinConfig<CreateRecordConfig>(ctx, "core.create-record");
    const values = evaluateMap(ctx, "values", config.values);
    const { id, record } = await ctx.effects.createRecord(config.entity, values);
    return { kind: "completed", output: { id, record } };
  },
};
