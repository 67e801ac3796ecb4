import type { ComponentImplementation } from "../contract.js";
import { evaluateMap } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";

interface SetConfig {
  readonly fields: Readonly<Record<string, string>>;
}

/** `core.set`: evaluates each of `fields` and keeps the values as the output, one key per field. */
export const setComponent: ComponentImplementation = {
  id: "core.set",
  execute(ctx) {
    const config = readBuiltinConfig<SetConfig>(ctx, "core.set");
    return { kind: "completed", output: evaluateMap(ctx, "fields", config.fields) };
  },
};
