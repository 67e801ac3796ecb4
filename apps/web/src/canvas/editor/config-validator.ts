import type { RJSFSchema, ValidatorType } from "@rjsf/utils";

/**
 * rjsf's validator for the config form, without Ajv: the studio's Content-Security-Policy forbids
 * the code Ajv compiles. Field errors come from the Switchyard validator instead (as the form's
 * `extraErrors`), which also checks CEL, so this one only answers rjsf's structural questions
 * (`isValid`, used to pick a `oneOf`/`anyOf` branch) by reading the schema.
 */
export const configValidator: ValidatorType<Record<string, unknown>> = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: (schema, data, root) => matches(schema, data, root),
  rawValidation: () => ({ errors: [] }),
};

function matches(schema: RJSFSchema | boolean | undefined, data: unknown, root: RJSFSchema): boolean {
  if (schema === undefined || schema === true) return true;
  if (schema === false) return false;
  if (schema.$ref) return matches(resolve(schema.$ref, root), data, root);
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(data)) return false;
  if (schema.enum && !schema.enum.some((v) => JSON.stringify(v) === JSON.stringify(data))) return false;
  if (
    schema.type &&
    !(Array.isArray(schema.type) ? schema.type : [schema.type]).some((t) => typeMatches(t, data))
  )
    return false;
  if (schema.allOf && !schema.allOf.every((s) => matches(s as RJSFSchema, data, root))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => matches(s as RJSFSchema, data, root))) return false;
  if (schema.oneOf && schema.oneOf.filter((s) => matches(s as RJSFSchema, data, root)).length !== 1)
    return false;
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    if (schema.required?.some((key) => record[key] === undefined)) return false;
    for (const [key, sub] of Object.entries(schema.properties ?? {}))
      if (record[key] !== undefined && !matches(sub as RJSFSchema, record[key], root)) return false;
  }
  return true;
}

function typeMatches(type: string, data: unknown): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(data);
    case "array":
      return Array.isArray(data);
    case "null":
      return data === null;
    case "object":
      return typeof data === "object" && data !== null && !Array.isArray(data);
    default:
      return typeof data === type;
  }
}

function resolve(ref: string, root: RJSFSchema): RJSFSchema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = root;
  for (const part of ref.slice(2).split("/")) at = (at as Record<string, unknown> | undefined)?.[part];
  return at as RJSFSchema | undefined;
}
