/**
 * The static types the expression checker reasons about. They mirror CEL's runtime types closely
 * enough that an expression the checker accepts does not fail at runtime with "no matching
 * overload"; `dyn` is the escape hatch of gradual typing: anything involving it is accepted.
 */
export type CelType =
  | { kind: "dyn" }
  | { kind: "bool" }
  | { kind: "int" }
  | { kind: "uint" }
  | { kind: "double" }
  | { kind: "string" }
  | { kind: "bytes" }
  | { kind: "null" }
  | { kind: "timestamp" }
  | { kind: "duration" }
  | { kind: "list"; element: CelType }
  | { kind: "map"; key: CelType; value: CelType }
  | {
      kind: "object";
      /** What users see in messages, e.g. `lead` or `lead.address`. */
      name: string;
      fields: Readonly<Record<string, CelType>>;
      /** Open objects may hold fields beyond `fields`; reading one gives `dyn` instead of an error. */
      open: boolean;
      /** The entity whose records have this shape, so field reads can be attributed to it. */
      entity?: string;
      /** Where this object sits inside the entity record (`[]` or absent for the record itself). */
      path?: readonly string[];
    };

/** The kinds that carry no type parameters. */
export type CelScalarKind = Exclude<CelType["kind"], "list" | "map" | "object">;

/** An object type, the shape of entity records and other structured inputs. */
export type CelObjectType = Extract<CelType, { kind: "object" }>;

/** Options for {@link CelTypes.object}. */
export interface CelObjectOptions {
  readonly open?: boolean;
  readonly entity?: string;
  readonly path?: readonly string[];
}

function scalar<K extends CelScalarKind>(kind: K): Readonly<{ kind: K }> {
  return Object.freeze({ kind });
}

/** Constructors and shared constants for {@link CelType}, so callers never spell out the objects. */
export const CelTypes = {
  dyn: scalar("dyn"),
  bool: scalar("bool"),
  int: scalar("int"),
  uint: scalar("uint"),
  double: scalar("double"),
  string: scalar("string"),
  bytes: scalar("bytes"),
  null: scalar("null"),
  timestamp: scalar("timestamp"),
  duration: scalar("duration"),
  list(element: CelType): CelType {
    return { kind: "list", element };
  },
  map(key: CelType, value: CelType): CelType {
    return { kind: "map", key, value };
  },
  /** Fields are copied into own properties, so names like `constructor` are ordinary fields. */
  object(
    name: string,
    fields: Readonly<Record<string, CelType>>,
    options: CelObjectOptions = {},
  ): CelObjectType {
    const type: CelObjectType = {
      kind: "object",
      name,
      fields: Object.fromEntries(Object.entries(fields)),
      open: options.open ?? false,
    };
    if (options.entity !== undefined) type.entity = options.entity;
    if (options.path !== undefined) type.path = [...options.path];
    return type;
  },
} as const;

/** Renders a type the way messages show it: `int`, `list(string)`, `map(string, int)`, `lead`. */
export function formatCelType(t: CelType): string {
  switch (t.kind) {
    case "list":
      return `list(${formatCelType(t.element)})`;
    case "map":
      return `map(${formatCelType(t.key)}, ${formatCelType(t.value)})`;
    case "object":
      return t.name;
    default:
      return t.kind;
  }
}

/** The type's name with its article, for sentences: `an int`, `a list(string)`, `a lead`. */
export function withArticle(t: CelType): string {
  const name = formatCelType(t);
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** Capitalizes the first letter, for phrases that start a sentence. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The declared type of an object's field; own properties only, so `toString` is never a field. */
export function fieldType(t: CelObjectType, field: string): CelType | undefined {
  return Object.hasOwn(t.fields, field) ? t.fields[field] : undefined;
}

/** True for `dyn`, the type that switches checking off for a value. */
export function isDyn(t: CelType): boolean {
  return t.kind === "dyn";
}

/** True for the three number types, which compare with each other but never mix in arithmetic. */
export function isNumeric(t: CelType): boolean {
  return t.kind === "int" || t.kind === "uint" || t.kind === "double";
}

/** Structural equality; objects are equal by name, since names identify schemas. */
export function sameType(a: CelType, b: CelType): boolean {
  if (a.kind === "list" && b.kind === "list") return sameType(a.element, b.element);
  if (a.kind === "map" && b.kind === "map") return sameType(a.key, b.key) && sameType(a.value, b.value);
  if (a.kind === "object" && b.kind === "object") return a.name === b.name;
  return a.kind === b.kind;
}

/**
 * Whether `==` between the two types can ever be true. CEL compares numbers across int, uint and
 * double at runtime; `null` is allowed on either side because JSON data may hold null for any field.
 */
export function comparable(a: CelType, b: CelType): boolean {
  if (isDyn(a) || isDyn(b) || a.kind === "null" || b.kind === "null") return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === "list" && b.kind === "list") return comparable(a.element, b.element);
  if (isMapLike(a) && isMapLike(b)) {
    return comparable(mapKeyOf(a), mapKeyOf(b)) && comparable(mapValueOf(a), mapValueOf(b));
  }
  return a.kind === b.kind;
}

/** Objects are plain maps at runtime, so map operations apply to them with string keys. */
export function isMapLike(t: CelType): boolean {
  return t.kind === "map" || t.kind === "object";
}

function mapKeyOf(t: CelType): CelType {
  return t.kind === "map" ? t.key : CelTypes.string;
}

function mapValueOf(t: CelType): CelType {
  return t.kind === "map" ? t.value : CelTypes.dyn;
}

/** The common type of two values (list elements, ternary branches): the type if equal, else `dyn`. */
export function joinTypes(a: CelType, b: CelType): CelType {
  return sameType(a, b) ? a : CelTypes.dyn;
}

/** Whether a value of type `actual` may be used where `expected` is required. */
export function assignable(actual: CelType, expected: CelType): boolean {
  if (isDyn(actual) || isDyn(expected)) return true;
  if (actual.kind === "null") return expected.kind !== "bool";
  if (actual.kind === "list" && expected.kind === "list") return assignable(actual.element, expected.element);
  if (actual.kind === "map" && expected.kind === "map") {
    return assignable(actual.key, expected.key) && assignable(actual.value, expected.value);
  }
  if (actual.kind === "object" && expected.kind === "map") return true;
  return sameType(actual, expected);
}
