import { type CelObjectType, type CelType, CelTypes, sameType } from "./types.js";

/** Options for {@link typeFromJsonSchema}. */
export interface JsonSchemaTypeOptions {
  /** Name of the top-level object in messages, e.g. the entity id `lead`. */
  readonly name: string;
  /** Marks every object in the schema as part of this entity's records, so reads can be attributed. */
  readonly entity?: string;
  /**
   * Whether an object schema without `additionalProperties` is closed (unknown fields are errors).
   * Defaults to true when `entity` is set: entity schemas list all their fields, so a field they do
   * not list is a typo. Plain JSON Schema semantics (open) apply otherwise.
   */
  readonly closed?: boolean;
}

interface Context {
  readonly entity: string | undefined;
  readonly closed: boolean;
}

// Schemas arrive from YAML, where aliases can build cycles; beyond this depth a value is just dyn.
const MAX_SCHEMA_DEPTH = 32;

type Schema = Readonly<Record<string, unknown>>;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Maps a JSON Schema (the 2020-12 subset Switchyard uses) to the type the runtime will see: the
 * runtime passes `integer` fields as bigint (CEL int), other numbers as double, and `date-time` /
 * `date` strings as timestamps. Anything the mapping cannot express precisely becomes `dyn`, so
 * the checker never rejects data it does not understand.
 */
export function typeFromJsonSchema(schema: unknown, options: JsonSchemaTypeOptions): CelType {
  const ctx: Context = { entity: options.entity, closed: options.closed ?? options.entity !== undefined };
  const type = convert(schema, options.name, [], ctx, 0);
  // Every stored record has an id, whether or not its entity lists one among its fields.
  if (options.entity !== undefined && type.kind === "object" && !("id" in type.fields)) {
    return { ...type, fields: { id: CelTypes.string, ...type.fields } };
  }
  return type;
}

function convert(
  schema: unknown,
  name: string,
  path: readonly string[],
  ctx: Context,
  depth: number,
): CelType {
  if (!isSchema(schema) || depth > MAX_SCHEMA_DEPTH) return CelTypes.dyn;
  const declared = declaredType(schema.type);
  if (declared === "none") return inferUntyped(schema, name, path, ctx, depth);
  if (declared === "mixed") return CelTypes.dyn;
  return convertTyped(declared, schema, name, path, ctx, depth);
}

/** Reads `type`, dropping "null" from arrays: a nullable string is still a string. */
function declaredType(type: unknown): string {
  if (typeof type === "string") return type;
  if (!Array.isArray(type)) return "none";
  const nonNull = type.filter((t) => t !== "null");
  if (nonNull.length === 0) return type.length > 0 ? "null" : "none";
  const first = nonNull[0];
  return nonNull.length === 1 && typeof first === "string" ? first : "mixed";
}

function convertTyped(
  type: string,
  schema: Schema,
  name: string,
  path: readonly string[],
  ctx: Context,
  depth: number,
): CelType {
  switch (type) {
    case "integer":
      return CelTypes.int;
    case "number":
      return CelTypes.double;
    case "boolean":
      return CelTypes.bool;
    case "null":
      return CelTypes.null;
    case "string":
      return schema.format === "date-time" || schema.format === "date" ? CelTypes.timestamp : CelTypes.string;
    case "array":
      return CelTypes.list(convert(schema.items, name, path, ctx, depth + 1));
    case "object":
      return convertObject(schema, name, path, ctx, depth);
    default:
      return CelTypes.dyn;
  }
}

function convertObject(
  schema: Schema,
  name: string,
  path: readonly string[],
  ctx: Context,
  depth: number,
): CelType {
  const extra = schema.additionalProperties;
  if (!isSchema(schema.properties)) {
    return CelTypes.map(
      CelTypes.string,
      isSchema(extra) ? convert(extra, name, path, ctx, depth + 1) : CelTypes.dyn,
    );
  }
  const fields: Record<string, CelType> = {};
  for (const [field, sub] of Object.entries(schema.properties)) {
    // defineProperty, not assignment: a property named __proto__ must stay an ordinary field.
    Object.defineProperty(fields, field, {
      value: convert(sub, `${name}.${field}`, [...path, field], ctx, depth + 1),
      enumerable: true,
    });
  }
  const open = extra === undefined ? !ctx.closed : extra !== false;
  const options = ctx.entity === undefined ? { open } : { open, entity: ctx.entity, path };
  const type: CelObjectType = CelTypes.object(name, fields, options);
  return type;
}

/** No `type`: infer from const, enum, anyOf/oneOf, or from the keywords an object or array uses. */
function inferUntyped(
  schema: Schema,
  name: string,
  path: readonly string[],
  ctx: Context,
  depth: number,
): CelType {
  if ("const" in schema) return typeOfValues([schema.const]);
  if (Array.isArray(schema.enum)) return typeOfValues(schema.enum);
  const branches = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : null;
  if (branches) return unionType(branches, name, path, ctx, depth);
  if (isSchema(schema.properties)) return convertObject(schema, name, path, ctx, depth);
  if ("items" in schema) return CelTypes.list(convert(schema.items, name, path, ctx, depth + 1));
  return CelTypes.dyn;
}

/** The type of literal values from const/enum: one type if they all agree, else dyn. */
function typeOfValues(values: readonly unknown[]): CelType {
  const types = values.filter((v) => v !== null).map(typeOfValue);
  return commonType(types);
}

function typeOfValue(value: unknown): CelType {
  if (typeof value === "string") return CelTypes.string;
  if (typeof value === "boolean") return CelTypes.bool;
  // Only integer-schema fields reach the runtime as bigint; a bare number is a double.
  if (typeof value === "number") return CelTypes.double;
  return CelTypes.dyn;
}

function unionType(
  branches: readonly unknown[],
  name: string,
  path: readonly string[],
  ctx: Context,
  depth: number,
): CelType {
  const types = branches.map((b) => convert(b, name, path, ctx, depth + 1)).filter((t) => t.kind !== "null");
  return commonType(types);
}

function commonType(types: readonly CelType[]): CelType {
  const first = types[0];
  if (first === undefined) return CelTypes.dyn;
  return types.every((t) => sameType(t, first)) ? first : CelTypes.dyn;
}
