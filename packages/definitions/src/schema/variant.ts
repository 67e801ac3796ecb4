import { type Static, Type } from "@sinclair/typebox";
import { Closed, Description, Id, id, Owner, Region, stepId } from "./common.js";
import { FieldSchema } from "./entity.js";
import { Step } from "./workflow.js";

/** Which baseline a variant extends. */
export const VariantBase = Type.Union([
  Closed({ entity: id("The baseline entity.") }),
  Closed({ workflow: id("The baseline workflow.") }),
]);

/**
 * A regional variant: a baseline entity or workflow plus one region's extensions. Core fields are
 * fixed: a variant that drops, renames or retypes one is invalid.
 */
export const Variant = Closed(
  {
    kind: Type.Literal("variant"),
    id: Id,
    extends: VariantBase,
    region: Region,
    name: Type.Optional(Type.String()),
    description: Type.Optional(Description),
    owner: Type.Optional(Owner),
    fields: Type.Optional(
      Type.Record(Type.String({ pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$" }), FieldSchema, {
        description: "Fields added (or, for non-core fields, changed).",
      }),
    ),
    required: Type.Optional(Type.Array(Type.String(), { description: "Fields this region also requires." })),
    remove: Type.Optional(
      Type.Array(Type.String(), { description: "Non-core fields this region does not use." }),
    ),
    rename: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: "Non-core fields renamed: old → new." }),
    ),
    insert: Type.Optional(
      Type.Array(
        Closed({
          after: stepId("The baseline step after which the new steps run."),
          steps: Type.Array(Step, { minItems: 1 }),
        }),
        { description: "Stages added to the baseline workflow, each chain placed after an existing step." },
      ),
    ),
  },
  { title: "Switchyard regional variant" },
);
export type Variant = Static<typeof Variant>;
