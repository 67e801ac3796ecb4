import type { RecordRow } from "@switchyard/store";
import type { ComponentImplementation, StepContext } from "../contract.js";
import { componentFailure, invalidConfig } from "../errors.js";
import { evaluateMap } from "../evaluate.js";
import { readBuiltinConfig } from "../schemas.js";
import { describeValue } from "../values.js";

interface FindRecordConfig {
  readonly entity: string;
  readonly match: Readonly<Record<string, string>>;
}

/** True when each field of the record equals its value, compared as text (as the store does). */
function matches(row: RecordRow, fields: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(fields).every(([field, value]) => String(row.data[field]) === String(value));
}

/**
 * Up to two matching records. The store indexes record fields, not ids, so a match on `id` reads
 * that record directly and checks the other fields on it.
 */
async function lookUp(
  ctx: StepContext,
  entity: string,
  match: Record<string, unknown>,
): Promise<RecordRow[]> {
  if (!Object.hasOwn(match, "id")) return ctx.records.find(entity, match, 2);
  const { id, ...fields } = match;
  const row = await ctx.records.get(entity, String(id));
  return row !== undefined && matches(row, fields) ? [row] : [];
}

/**
 * `core.find-record`: the first record of `entity` whose fields equal the evaluated `match`
 * values (compared as text; `id` is the record's id). `count` is 0, 1 or 2, where 2 means "two
 * or more": enough to tell a unique match from an ambiguous one without reading every record.
 */
export const findRecordComponent: ComponentImplementation = {
  id: "core.find-record",
  async execute(ctx) {
    const config = readBuiltinConfig<FindRecordConfig>(ctx, "core.find-record");
    if (ctx.entity(config.entity) === undefined) {
      throw componentFailure(
        "record/unknown-entity",
        `There is no entity '${config.entity}'.`,
        "Publish the entity before workflows that read it, or correct the step's 'entity'.",
      );
    }
    const match = evaluateMap(ctx, "match", config.match);
    for (const [field, value] of Object.entries(match)) {
      if (typeof value === "object" && value !== null) {
        throw invalidConfig(
          `'match.${field}' gave ${describeValue(value)}; records are matched on single values (text, numbers, true/false).`,
          "Match on one value per field, e.g. record.email; to test list membership use a core.switch condition.",
        );
      }
    }
    const rows = await lookUp(ctx, config.entity, match);
    const [first] = rows;
    if (first === undefined) return { kind: "completed", output: { found: false, count: 0 } };
    return {
      kind: "completed",
      output: { found: true, id: first.id, record: first.data, count: rows.length },
    };
  },
};
