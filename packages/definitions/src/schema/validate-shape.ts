import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { DataPath, Diagnostic, DiagnosticCode, SourceLocation } from "../diagnostics/index.js";
import { suggestionHint } from "../diagnostics/index.js";
import type { SourceDocument } from "../yaml/index.js";
import { DEFINITION_KINDS, type DefinitionKind, isDefinitionKind, KIND_SCHEMAS } from "./definition.js";
import { FORMAT_HINTS, parseDuration } from "./formats.js";

/** An Ajv instance that knows Switchyard's formats; shared so each schema compiles once. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    discriminator: true,
  });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat("duration", (text: string) => parseDuration(text) !== undefined);
  // CEL is checked by the semantic pass, which knows the variables in scope.
  ajv.addFormat("cel", true);
  ajv.addFormat("cel-template", true);
  return ajv;
}

let shared: { ajv: Ajv2020; validators: Map<DefinitionKind, ValidateFunction> } | undefined;

function validatorFor(kind: DefinitionKind): ValidateFunction {
  shared ??= { ajv: createAjv(), validators: new Map() };
  let validate = shared.validators.get(kind);
  if (!validate) {
    validate = shared.ajv.compile(KIND_SCHEMAS[kind]);
    shared.validators.set(kind, validate);
  }
  return validate;
}

/** Checks a definition's shape against its kind's JSON Schema; errors point at the offending YAML. */
export function validateShape(
  doc: SourceDocument,
  value: unknown = doc.value,
  base: DataPath = [],
): Diagnostic[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [
      error(
        "schema/type",
        "A definition must be a mapping of keys to values.",
        "Start the file with 'kind:' and the kind of definition.",
        doc.locate(base),
        base,
      ),
    ];
  }
  const kind = (value as { kind?: unknown }).kind;
  if (!isDefinitionKind(kind)) {
    const message =
      kind === undefined ? "The definition has no 'kind'." : `'${String(kind)}' is not a kind of definition.`;
    const hint =
      typeof kind === "string"
        ? suggestionHint(kind, DEFINITION_KINDS, "Kinds")
        : `Add 'kind:' with one of: ${DEFINITION_KINDS.join(", ")}.`;
    const path = [...base, "kind"];
    return [
      error(
        "schema/unknown-kind",
        message,
        hint,
        kind === undefined ? doc.locate(base) : doc.locate(path),
        path,
      ),
    ];
  }
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  return mapAjvErrors(validate.errors ?? [], doc, value, base);
}

/** Turns Ajv's errors into located, readable diagnostics, dropping the noise of non-matching branches. */
export function mapAjvErrors(
  errors: readonly ErrorObject[],
  doc: SourceDocument,
  root: unknown,
  base: DataPath,
): Diagnostic[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const kept = errors.filter(
    (e) =>
      !unions.some(
        (u) =>
          u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath.startsWith(u.instancePath),
      ),
  );
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of kept) {
    const d = describe(e, doc, root, base);
    const key = `${d.code}|${d.location?.line}|${d.location?.column}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const s of path)
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

function show(value: unknown): string {
  if (typeof value === "string") return `'${value.length > 60 ? `${value.slice(0, 57)}…` : value}'`;
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

function typeName(t: unknown): string {
  const names: Record<string, string> = {
    string: "text",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
    object: "a mapping (key: value lines)",
    array: "a list",
    null: "empty",
  };
  return Array.isArray(t)
    ? t.map((x) => names[String(x)] ?? String(x)).join(" or ")
    : (names[String(t)] ?? String(t));
}

function where(path: DataPath): string {
  const last = [...path].reverse().find((s) => typeof s === "string");
  return last === undefined ? "the definition" : `'${last}'`;
}

function describe(e: ErrorObject, doc: SourceDocument, root: unknown, base: DataPath): Diagnostic {
  const rel = pointerToPath(e.instancePath);
  const path = [...base, ...rel];
  const value = valueAt(root, rel);
  const schema = (e.parentSchema ?? {}) as {
    description?: string;
    properties?: Record<string, { description?: string }>;
  };
  const at = doc.locate(path);
  switch (e.keyword) {
    case "required": {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const about = schema.properties?.[missing]?.description;
      return error(
        "schema/required",
        `${where(path) === "the definition" ? "The definition" : where(path)} is missing '${missing}'.`,
        `Add '${missing}:'${about ? ` — ${about}` : "."}`,
        at,
        path,
      );
    }
    case "additionalProperties": {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      if (/[\s.]/.test(extra) && !/^[\w-]+$/.test(extra)) {
        const hint =
          "Inside { … } on one line, a comma ends the value: put text that contains commas in quotes.";
        return error(
          "schema/unknown-property",
          `Unknown property '${extra}' in ${where(path)}.`,
          hint,
          doc.locateKey([...path, extra]),
          [...path, extra],
        );
      }
      return error(
        "schema/unknown-property",
        `Unknown property '${extra}' in ${where(path)}.`,
        suggestionHint(extra, allowed, "Allowed here"),
        doc.locateKey([...path, extra]),
        [...path, extra],
      );
    }
    case "type":
      return error(
        "schema/type",
        `${where(path)} must be ${typeName((e.params as { type: unknown }).type)}, not ${show(value)}.`,
        schema.description ?? "",
        at,
        path,
      );
    case "enum":
    case "const": {
      const allowed =
        e.keyword === "enum"
          ? ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String)
          : [String((e.params as { allowedValue: unknown }).allowedValue)];
      return error(
        "schema/enum",
        `${where(path)} is ${show(value)}; it must be ${allowed.length === 1 ? `'${allowed[0]}'` : `one of: ${allowed.join(", ")}`}.`,
        typeof value === "string" ? suggestionHint(value, allowed, "Choices") : "",
        at,
        path,
      );
    }
    case "discriminator": {
      const p = e.params as { tag: string; tagValue: unknown };
      const choices = discriminatorChoices((e.parentSchema as { oneOf?: unknown } | undefined)?.oneOf);
      const tagPath = [...path, p.tag];
      if (p.tagValue === undefined)
        return error(
          "schema/required",
          `${where(path)} is missing '${p.tag}'.`,
          `Add '${p.tag}:' with one of: ${choices.join(", ")}.`,
          at,
          path,
        );
      return error(
        "schema/enum",
        `'${p.tag}' is ${show(p.tagValue)}; it must be one of: ${choices.join(", ")}.`,
        typeof p.tagValue === "string" ? suggestionHint(p.tagValue, choices, "Choices") : "",
        doc.locate(tagPath),
        tagPath,
      );
    }
    case "format": {
      const format = String((e.params as { format: string }).format);
      return error(
        "schema/format",
        `${show(value)} is not a valid ${format}.`,
        FORMAT_HINTS[format] ?? schema.description ?? "",
        at,
        path,
      );
    }
    case "pattern":
      return error(
        "schema/pattern",
        `${show(value)} is not a valid ${where(path).replace(/'/g, "")}.`,
        (e.parentSchema as { description?: string } | undefined)?.description ??
          `It must match ${String((e.params as { pattern: string }).pattern)}.`,
        at,
        path,
      );
    case "minItems":
    case "maxItems":
    case "minLength":
    case "maxLength":
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minProperties":
    case "uniqueItems":
      return error(
        "schema/range",
        `${where(path)} ${e.message ?? "is out of range"}.`,
        schema.description ?? "",
        at,
        path,
      );
    case "anyOf":
    case "oneOf":
      return error(
        "schema/invalid",
        `${where(path)} is ${show(value)}, which is not allowed here.`,
        schema.description ?? "Check this value against the reference in docs/definitions.md.",
        at,
        path,
      );
    default:
      return error(
        "schema/invalid",
        `${where(path)} ${e.message ?? "is not valid"}.`,
        schema.description ?? "",
        at,
        path,
      );
  }
}

function discriminatorChoices(oneOf: unknown): string[] {
  if (!Array.isArray(oneOf)) return [];
  const tagged = oneOf as { properties?: Record<string, { const?: unknown }> }[];
  return tagged.flatMap((s) =>
    Object.values(s.properties ?? {})
      .filter((p) => p.const !== undefined)
      .slice(0, 1)
      .map((p) => String(p.const)),
  );
}

function error(
  code: DiagnosticCode,
  message: string,
  hint: string,
  location: SourceLocation,
  path: DataPath,
): Diagnostic {
  return {
    code,
    severity: "error",
    message: message.charAt(0).toUpperCase() + message.slice(1),
    hint,
    location,
    path,
  };
}
