import { type CelScope, type CelType, checkExpression, checkTemplate, type FieldRead } from "../cel/index.js";
import type { DataPath } from "../diagnostics/index.js";
import { locateInScalar } from "../yaml/index.js";
import type { Reporter } from "./report.js";

/** A field an expression reads, with where the expression is: for lineage and compliance checks. */
export interface LocatedRead extends FieldRead {
  readonly at: DataPath;
}

/** Checks one CEL expression (or `{{ }}` template) in place, reporting issues at their exact column. */
export function checkCelAt(
  report: Reporter,
  reads: LocatedRead[],
  path: DataPath,
  source: string,
  scope: CelScope,
  options: { expect?: CelType; template?: boolean } = {},
): CelType {
  const result = options.template
    ? checkTemplate(source, scope)
    : checkExpression(source, scope, options.expect ? { expect: options.expect } : {});
  const full = report.fullPath(path);
  if (!full) return result.type;
  for (const issue of result.issues) {
    const location = locateInScalar(report.doc, full, issue.offset);
    report.push({
      code: issue.code,
      severity: "error",
      message: sentence(issue.message),
      hint: sentence(issue.hint),
      location,
      path: full,
    });
  }
  for (const read of result.reads) reads.push({ ...read, at: full });
  return result.type;
}

/**
 * Walks a value alongside the JSON Schema that describes it and returns the strings the schema
 * marks as CEL (`format: cel`) or templates (`format: cel-template`), with their paths.
 */
export function findExpressions(
  schema: unknown,
  value: unknown,
  path: DataPath = [],
): { path: DataPath; source: string; template: boolean }[] {
  if (typeof schema !== "object" || schema === null) return [];
  const s = schema as {
    format?: string;
    properties?: Record<string, unknown>;
    additionalProperties?: unknown;
    items?: unknown;
  };
  if (typeof value === "string") {
    if (s.format === "cel" || s.format === "cel-template")
      return [{ path, source: value, template: s.format === "cel-template" }];
    return [];
  }
  const out: { path: DataPath; source: string; template: boolean }[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push(...findExpressions(s.items, item, [...path, i]));
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema = s.properties?.[key] ?? s.additionalProperties;
      out.push(...findExpressions(childSchema, child, [...path, key]));
    }
  }
  return out;
}

/** Capitalised, with a full stop: CEL messages read like every other diagnostic. */
function sentence(text: string): string {
  if (text === "") return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.?!]$/.test(capital) ? capital : `${capital}.`;
}
