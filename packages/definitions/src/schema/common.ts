import { type Static, type TSchema, type TUnion, Type } from "@sinclair/typebox";

/** Ids: lower-case words joined by '-', '_' or '.', e.g. `trade-in.appraisal`. Stable across versions. */
export const id = (
  description = "A stable id: lower-case letters, digits, '-', '_' and '.', starting with a letter.",
) => Type.String({ pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$", maxLength: 100, description });
export const Id = id();

/** A step id: usable as a CEL identifier (`steps.appraise.output`), so no '-' or '.'. */
export const stepId = (
  description = "A step id: a letter, then letters, digits or '_' (it is used in expressions as steps.<id>).",
) => Type.String({ pattern: "^[a-z][a-zA-Z0-9_]*$", maxLength: 64, description });
export const StepId = stepId();

/** A CEL expression, checked against the entity schemas in scope. */
export const cel = (description = "A CEL expression.") =>
  Type.String({ minLength: 1, maxLength: 10000, format: "cel", description });
export const Cel = cel();

/** Text with `{{ expression }}` parts, such as an e-mail body. */
export const CelTemplate = Type.String({
  maxLength: 100000,
  format: "cel-template",
  description: "Text with {{ CEL expression }} parts.",
});

/** A duration such as `500ms`, `30s`, `15m`, `2h`, `3d`, `1w` or `1h30m`. */
export const duration = (
  description = "A duration: a number and a unit (ms, s, m, h, d, w), e.g. 30s, 2h, 3d or 1h30m.",
  defaultValue?: string,
) => Type.String({ format: "duration", description, ...(defaultValue ? { default: defaultValue } : {}) });
export const Duration = duration();

/** A version number in semantic-versioning form, e.g. `1.4.0`. */
export const SemVer = Type.String({
  pattern: "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$",
  description: "A semantic version, e.g. 1.4.0.",
});

/** A label shown to users: one string, or one per language (`{ en: Lead, zh: 线索 }`). */
export const Label = Type.Union(
  [
    Type.String({ minLength: 1 }),
    Type.Record(Type.String({ pattern: "^[a-z]{2}(-[A-Z]{2})?$" }), Type.String()),
  ],
  {
    description: "A label: a string, or a map from language code to string.",
  },
);

/** Free text documentation. */
export const Description = Type.String({
  maxLength: 10000,
  description: "What this is for, in plain words.",
});

/** A person or team responsible, e.g. an e-mail address. */
export const Owner = Type.String({
  minLength: 1,
  maxLength: 200,
  description: "Who is responsible: a user name or e-mail address.",
});

/** A sales region id, e.g. `east`, or `global` for head-office definitions. */
export const Region = Type.String({
  pattern: "^[a-z][a-z0-9_-]*$",
  maxLength: 64,
  description: "A region id, e.g. east, northwest or global.",
});

/** A JSON Schema embedded in a definition (checked separately by compiling it). */
export const EmbeddedSchema = Type.Object(
  {},
  { additionalProperties: true, description: "A JSON Schema (2020-12)." },
);

/**
 * A union told apart by one property (`type`, `kind`): validation errors are reported only for
 * the branch the value names, instead of for every branch.
 */
export function Tagged<T extends TSchema[]>(
  tag: string,
  variants: [...T],
  options: { description?: string } = {},
) {
  return Type.Unsafe<Static<TUnion<T>>>({
    type: "object",
    oneOf: variants,
    discriminator: { propertyName: tag },
    ...options,
  });
}

/** Object with closed properties: typos in property names become errors, not silent no-ops. */
export function Closed<T extends Record<string, TSchema>>(
  properties: T,
  options: { description?: string; title?: string } = {},
) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}
