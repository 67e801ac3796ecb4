import type { FieldSchema } from "@switchyard/definitions";
import { parseDuration } from "@switchyard/definitions";
import type { ErrorObject } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats";

/**
 * An eval-free reading of the entity record schema, for pages whose Content-Security-Policy
 * forbids the code generation Ajv compiles with (`script-src 'self'`, no 'unsafe-eval'). It covers
 * exactly the JSON Schema keywords an entity field may use (docs/definitions.md §3; the entity
 * schema is closed), uses the same format checks as the server (ajv-formats' full formats and
 * Switchyard's `duration`), and reports errors as Ajv does — same instancePath, keyword, params
 * and message — so rjsf places them on the same fields.
 */
export interface RecordCheck {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

type Schema = FieldSchema & { properties?: Record<string, Schema> };

/** Builds the eval-free check of a record schema (an object schema whose properties are fields). */
export function interpretRecordSchema(schema: object): RecordCheck {
  const check: RecordCheck = (data: unknown) => {
    const errors: ErrorObject[] = [];
    visit(schema as Schema, data, "", errors);
    check.errors = errors.length > 0 ? errors : null;
    return errors.length === 0;
  };
  return check;
}

/** True when this page may compile code (Ajv's compile needs it). */
export function codeGenerationAllowed(): boolean {
  try {
    return new Function("return true")() === true;
  } catch {
    return false;
  }
}

function visit(s: Schema, data: unknown, at: string, out: ErrorObject[]): void {
  const fail = (keyword: string, params: Record<string, unknown>, message: string) =>
    out.push({ instancePath: at, schemaPath: `#/${keyword}`, keyword, params, message });
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => hasType(data, t))) {
      fail("type", { type: Array.isArray(s.type) ? s.type : s.type }, `must be ${types.join(",")}`);
      return;
    }
  }
  if (s.enum && !s.enum.some((v) => equal(v, data)))
    fail("enum", { allowedValues: s.enum }, "must be equal to one of the allowed values");
  if (s.const !== undefined && !equal(s.const, data))
    fail("const", { allowedValue: s.const }, "must be equal to constant");
  if (typeof data === "string") checkString(s, data, fail);
  if (typeof data === "number") checkNumber(s, data, fail);
  if (Array.isArray(data)) checkArray(s, data, at, out, fail);
  if (typeof data === "object" && data !== null && !Array.isArray(data))
    checkObject(s, data as Record<string, unknown>, at, out, fail);
}

type Fail = (keyword: string, params: Record<string, unknown>, message: string) => void;

function checkString(s: Schema, data: string, fail: Fail): void {
  const length = [...data].length;
  if (s.maxLength !== undefined && length > s.maxLength)
    fail("maxLength", { limit: s.maxLength }, `must NOT have more than ${s.maxLength} characters`);
  if (s.minLength !== undefined && length < s.minLength)
    fail("minLength", { limit: s.minLength }, `must NOT have fewer than ${s.minLength} characters`);
  if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(data))
    fail("pattern", { pattern: s.pattern }, `must match pattern "${s.pattern}"`);
  if (s.format !== undefined && !formatOk(s.format, data))
    fail("format", { format: s.format }, `must match format "${s.format}"`);
}

function checkNumber(s: Schema, data: number, fail: Fail): void {
  const bound = (
    keyword: string,
    comparison: string,
    limit: number | undefined,
    ok: (l: number) => boolean,
  ) => {
    if (limit !== undefined && !ok(limit))
      fail(keyword, { comparison, limit }, `must be ${comparison} ${limit}`);
  };
  bound("maximum", "<=", s.maximum, (l) => data <= l);
  bound("minimum", ">=", s.minimum, (l) => data >= l);
  bound("exclusiveMaximum", "<", s.exclusiveMaximum, (l) => data < l);
  bound("exclusiveMinimum", ">", s.exclusiveMinimum, (l) => data > l);
  if (s.multipleOf !== undefined) {
    const q = data / s.multipleOf;
    if (q !== Math.floor(q))
      fail("multipleOf", { multipleOf: s.multipleOf }, `must be multiple of ${s.multipleOf}`);
  }
}

function checkArray(s: Schema, data: unknown[], at: string, out: ErrorObject[], fail: Fail): void {
  if (s.maxItems !== undefined && data.length > s.maxItems)
    fail("maxItems", { limit: s.maxItems }, `must NOT have more than ${s.maxItems} items`);
  if (s.minItems !== undefined && data.length < s.minItems)
    fail("minItems", { limit: s.minItems }, `must NOT have fewer than ${s.minItems} items`);
  if (s.items) data.forEach((item, i) => visit(s.items as Schema, item, `${at}/${i}`, out));
  if (s.uniqueItems) {
    const pair = duplicate(data, scalarItems(s.items));
    if (pair)
      fail(
        "uniqueItems",
        { i: pair.i, j: pair.j },
        `must NOT have duplicate items (items ## ${pair.j} and ${pair.i} are identical)`,
      );
  }
}

function checkObject(
  s: Schema,
  data: Record<string, unknown>,
  at: string,
  out: ErrorObject[],
  fail: Fail,
): void {
  for (const name of s.required ?? [])
    if (data[name] === undefined)
      fail("required", { missingProperty: name }, `must have required property '${name}'`);
  const props = s.properties ?? {};
  if (s.additionalProperties === false)
    for (const key of Object.keys(data))
      if (!Object.hasOwn(props, key))
        fail("additionalProperties", { additionalProperty: key }, "must NOT have additional properties");
  for (const [name, child] of Object.entries(props))
    if (data[name] !== undefined) visit(child, data[name], `${at}/${escape(name)}`, out);
}

/**
 * The pair Ajv names for the first duplicate it meets, scanning from the end: for scalar item
 * types it remembers the nearest later index (i earlier, j later); otherwise it compares each item
 * with those before it (i later, j earlier).
 */
function duplicate(data: unknown[], scalar: boolean): { i: number; j: number } | undefined {
  if (scalar) {
    const seen = new Map<string, number>();
    for (let i = data.length - 1; i >= 0; i--) {
      const key = `${typeof data[i]}:${String(data[i])}`;
      const j = seen.get(key);
      if (j !== undefined) return { i, j };
      seen.set(key, i);
    }
    return undefined;
  }
  for (let i = data.length - 1; i > 0; i--)
    for (let j = i - 1; j >= 0; j--) if (equal(data[i], data[j])) return { i, j };
  return undefined;
}

function scalarItems(items: Schema | undefined): boolean {
  const types = items?.type === undefined ? [] : Array.isArray(items.type) ? items.type : [items.type];
  const scalar = ["string", "number", "integer", "boolean", "null"];
  return types.length > 0 && types.every((t) => scalar.includes(t));
}

function hasType(data: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof data === "string";
    case "number":
      return typeof data === "number" && Number.isFinite(data);
    case "integer":
      return typeof data === "number" && Number.isInteger(data);
    case "boolean":
      return typeof data === "boolean";
    case "null":
      return data === null;
    case "array":
      return Array.isArray(data);
    case "object":
      return typeof data === "object" && data !== null && !Array.isArray(data);
    default:
      return false;
  }
}

function formatOk(format: string, value: string): boolean {
  if (format === "duration") return parseDuration(value) !== undefined;
  if (format === "cel" || format === "cel-template") return true;
  const known = (fullFormats as Record<string, unknown>)[format];
  if (known instanceof RegExp) return known.test(value);
  if (typeof known === "function") return Boolean((known as (v: string) => boolean)(value));
  if (known && typeof known === "object") {
    const validate = (known as { validate?: unknown }).validate;
    if (validate instanceof RegExp) return validate.test(value);
    if (typeof validate === "function") return Boolean((validate as (v: string) => boolean)(value));
  }
  // Ajv in strict mode refuses an unknown format when the entity is checked, so none reach here.
  return true;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function escape(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}
