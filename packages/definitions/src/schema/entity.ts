import { type Static, Type } from "@sinclair/typebox";
import { Closed, Description, Id, id, Label, Owner } from "./common.js";

/** Why a field is sensitive when used in decisions (compliance checks flag rules that read it). */
export const SensitiveReason = Type.Union(
  [
    "gender",
    "age",
    "region",
    "ethnicity",
    "religion",
    "health",
    "disability",
    "marital-status",
    "nationality",
    "other",
  ].map((v) => Type.Literal(v)),
);

/** The class of personal data a field holds. */
export const PiiClass = Type.Union(
  ["none", "identifier", "contact", "personal", "location", "financial", "special-category"].map((v) =>
    Type.Literal(v),
  ),
);

/** A link from this field to another entity's record. */
export const Relation = Closed({
  entity: id("The entity this field points to."),
  cardinality: Type.Optional(Type.Union([Type.Literal("one"), Type.Literal("many")], { default: "one" })),
});

const jsonType = Type.Union(
  ["string", "number", "integer", "boolean", "object", "array", "null"].map((v) => Type.Literal(v)),
);

/**
 * One field of an entity: JSON Schema 2020-12 keywords plus Switchyard's `x-` keywords. Closed, so
 * a misspelt keyword (`x-sensitiv`) is an error rather than silently ignored.
 */
export const FieldSchema = Type.Recursive(
  (Self) =>
    Closed({
      type: Type.Optional(Type.Union([jsonType, Type.Array(jsonType, { minItems: 1 })])),
      title: Type.Optional(Type.String()),
      description: Type.Optional(Type.String()),
      $comment: Type.Optional(Type.String()),
      enum: Type.Optional(Type.Array(Type.Unknown(), { minItems: 1 })),
      const: Type.Optional(Type.Unknown()),
      default: Type.Optional(Type.Unknown()),
      examples: Type.Optional(Type.Array(Type.Unknown())),
      format: Type.Optional(Type.String()),
      pattern: Type.Optional(Type.String()),
      minLength: Type.Optional(Type.Integer({ minimum: 0 })),
      maxLength: Type.Optional(Type.Integer({ minimum: 0 })),
      minimum: Type.Optional(Type.Number()),
      maximum: Type.Optional(Type.Number()),
      exclusiveMinimum: Type.Optional(Type.Number()),
      exclusiveMaximum: Type.Optional(Type.Number()),
      multipleOf: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      items: Type.Optional(Self),
      minItems: Type.Optional(Type.Integer({ minimum: 0 })),
      maxItems: Type.Optional(Type.Integer({ minimum: 0 })),
      uniqueItems: Type.Optional(Type.Boolean()),
      properties: Type.Optional(Type.Record(Type.String(), Self)),
      required: Type.Optional(Type.Array(Type.String())),
      additionalProperties: Type.Optional(Type.Boolean()),
      readOnly: Type.Optional(Type.Boolean()),
      deprecated: Type.Optional(Type.Boolean()),
      "x-label": Type.Optional(Label),
      "x-core": Type.Optional(
        Type.Boolean({ description: "A core field: regional variants may not drop, rename or retype it." }),
      ),
      "x-sensitive": Type.Optional(SensitiveReason),
      "x-pii": Type.Optional(PiiClass),
      "x-consent": Type.Optional(
        Type.String({ description: "The consent purpose needed to use this field, e.g. marketing." }),
      ),
      "x-relation": Type.Optional(Relation),
      "x-indexed": Type.Optional(
        Type.Boolean({ description: "Index this field in the store for fast look-ups." }),
      ),
    }),
  { $id: "FieldSchema" },
);
export type FieldSchema = Static<typeof FieldSchema>;

/** The record shape: a JSON Schema object whose properties are the entity's fields. */
export const EntitySchema = Closed({
  $schema: Type.Optional(Type.Literal("https://json-schema.org/draft/2020-12/schema")),
  type: Type.Literal("object"),
  properties: Type.Record(Type.String({ pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$" }), FieldSchema),
  required: Type.Optional(Type.Array(Type.String())),
  additionalProperties: Type.Optional(Type.Boolean()),
});
export type EntitySchema = Static<typeof EntitySchema>;

/** A kind of CRM record (lead, opportunity, store visit …) and its fields. */
export const Entity = Closed(
  {
    kind: Type.Literal("entity"),
    id: Id,
    label: Label,
    description: Type.Optional(Description),
    owner: Type.Optional(Owner),
    schema: EntitySchema,
  },
  { title: "Switchyard entity" },
);
export type Entity = Static<typeof Entity>;
