import { createAjv } from "@switchyard/definitions";
import { type FieldError, HttpError } from "../errors.js";

/**
 * A JSON Schema (2020-12) as the request schemas are written: plain data, declared `as const` (or
 * through the builders below) so `Infer` can derive the TypeScript type from the same object that
 * validates the request and documents it in the OpenAPI document.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** An object schema that rejects unknown fields (a type alias, not an interface: it is a `JsonSchema`). */
export type ClosedObject<
  P extends Readonly<Record<string, JsonSchema>>,
  R extends readonly (keyof P & string)[],
> = {
  readonly type: "object";
  readonly properties: P;
  readonly required: R;
  readonly additionalProperties: false;
  readonly description?: string;
};

/** The TypeScript type of the values a schema accepts (for the subset of keywords request schemas use). */
export type Infer<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly type: "string" }
      ? string
      : S extends { readonly type: "integer" | "number" }
        ? number
        : S extends { readonly type: "boolean" }
          ? boolean
          : S extends { readonly type: "array"; readonly items: infer I }
            ? Infer<I>[]
            : S extends { readonly type: "object"; readonly properties: infer P }
              ? InferObject<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
              : S extends { readonly type: "object" }
                ? Record<string, unknown>
                : unknown;

type InferObject<P, R> = {
  -readonly [K in keyof P as K extends R ? K : never]: Infer<P[K]>;
} & {
  -readonly [K in keyof P as K extends R ? never : K]?: Infer<P[K]>;
};

/** An object schema with the given fields that rejects any other field (`additionalProperties: false`). */
export function closed<
  const P extends Readonly<Record<string, JsonSchema>>,
  const R extends readonly (keyof P & string)[] = [],
>(properties: P, required?: R, description?: string): ClosedObject<P, R> {
  return {
    type: "object",
    properties,
    required: (required ?? []) as unknown as R,
    additionalProperties: false,
    ...(description ? { description } : {}),
  };
}

/** Where a value came from; named in error messages. */
export type RequestPart = "body" | "query" | "path" | "header";

type Ajv = ReturnType<typeof createAjv>;
type Validator = ReturnType<Ajv["compile"]>;
type AjvError = NonNullable<Validator["errors"]>[number];

let ajv: Ajv | undefined;
const validators = new WeakMap<object, Validator>();

/** Compiles a request schema once (strict Ajv, the definitions package's formats). Throws on a bad schema. */
export function compileRequestSchema(schema: JsonSchema): Validator {
  let validate = validators.get(schema);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Checks a value against a request schema and returns it typed; otherwise throws
 * `HttpError(400, "invalid-request")` whose details name every offending field.
 */
export function check<S extends JsonSchema>(schema: S, value: unknown, part: RequestPart): Infer<S> {
  const validate = compileRequestSchema(schema);
  if (validate(value)) return value as Infer<S>;
  const details = fieldErrors(validate.errors ?? [], part);
  throw new HttpError(
    400,
    "invalid-request",
    `The request ${part} is not valid: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}.`,
    "See /api/docs (or /api/openapi.json) for what this endpoint accepts.",
    details,
  );
}

/**
 * Query strings carry text; turns the values of top-level integer, number and boolean fields into
 * numbers and booleans where they read as one, so the schema can check them. Anything else is left
 * as it is, for the schema to reject.
 */
export function coerceQuery(schema: JsonSchema, query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof query !== "object" || query === null) return out;
  const properties = (schema.properties ?? {}) as Readonly<Record<string, { type?: unknown }>>;
  for (const [name, value] of Object.entries(query)) {
    const type = properties[name]?.type;
    if (
      typeof value === "string" &&
      (type === "integer" || type === "number") &&
      /^-?\d+(\.\d+)?$/.test(value)
    )
      out[name] = Number(value);
    else if (typeof value === "string" && type === "boolean" && (value === "true" || value === "false"))
      out[name] = value === "true";
    else out[name] = value;
  }
  return out;
}

function fieldErrors(errors: readonly AjvError[], part: RequestPart): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const detail = describe(e, part);
    const key = `${detail.field}|${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(detail);
  }
  return out;
}

function describe(e: AjvError, part: RequestPart): FieldError {
  const at = pointerToField(e.instancePath);
  const child = (name: string) => (at ? `${at}.${name}` : name);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return { field: child(String(params.missingProperty)), message: "is required" };
    case "additionalProperties": {
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return {
        field: child(String(params.additionalProperty)),
        message: `is not a known field${allowed.length ? ` (known: ${allowed.join(", ")})` : ""}`,
      };
    }
    case "enum":
      return {
        field: at || `(${part})`,
        message: `must be one of: ${((params.allowedValues as unknown[] | undefined) ?? []).map(String).join(", ")}`,
      };
    default:
      return { field: at || `(${part})`, message: e.message ?? "is not valid" };
  }
}

/** `/files/0/path` → `files[0].path`. */
function pointerToField(pointer: string): string {
  if (pointer === "") return "";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(segment) ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  }
  return out;
}
