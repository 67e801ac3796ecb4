/**
 * Templates: text with `{{ expression }}` parts, as in e-mail bodies and messages. Each part is
 * checked on its own; issues and reads are reported at offsets in the whole template.
 */
import { checkExpression, sortIssues } from "./check.js";
import type { CelCheckResult, CelIssue, CelScope, FieldRead } from "./issues.js";
import { stringEnd } from "./lexer.js";
import { CelTypes } from "./types.js";

// Long e-mail bodies are normal; the per-expression limit still applies to each {{ }} part.
const MAX_TEMPLATE_LENGTH = 200_000;
// A template repeating one mistake would otherwise report it once per part.
const MAX_TEMPLATE_ISSUES = 100;

/** One `{{ }}` part: where its expression starts, and its text. */
interface Part {
  readonly start: number;
  readonly source: string;
}

/** Checks every `{{ }}` part of a template. Text without parts is fine and gives no issues. */
export function checkTemplate(source: string, scope: CelScope): CelCheckResult {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    const issue: CelIssue = {
      code: "cel/syntax",
      message: `The text is too long (${source.length} characters; the limit is ${MAX_TEMPLATE_LENGTH})`,
      hint: "Shorten the text or split it into several messages",
      offset: 0,
      length: source.length,
    };
    return { ok: false, type: CelTypes.string, issues: [issue], reads: [] };
  }
  const issues: CelIssue[] = [];
  const reads: FieldRead[] = [];
  const seen = new Set<string>();
  for (const part of splitTemplate(source, issues)) {
    if (issues.length >= MAX_TEMPLATE_ISSUES) break;
    const result = checkExpression(part.source, scope);
    for (const issue of result.issues) issues.push({ ...issue, offset: issue.offset + part.start });
    for (const read of result.reads) {
      const key = JSON.stringify([read.variable, ...read.path]);
      if (!seen.has(key)) reads.push({ ...read, offset: read.offset + part.start });
      seen.add(key);
    }
  }
  return { ok: issues.length === 0, type: CelTypes.string, issues: sortIssues(issues), reads };
}

/** Finds the `{{ }}` parts; an unclosed `{{` becomes an issue and ends the scan. */
function splitTemplate(source: string, issues: CelIssue[]): Part[] {
  const parts: Part[] = [];
  let from = 0;
  for (let open = source.indexOf("{{", from); open >= 0; open = source.indexOf("{{", from)) {
    const start = open + 2;
    const close = findClose(source, start);
    if (close < 0) {
      issues.push({
        code: "cel/syntax",
        message: "'{{' is never closed",
        hint: "End the expression with }}, e.g. Hello {{ record.name }}",
        offset: open,
        length: 2,
      });
      break;
    }
    parts.push({ start, source: source.slice(start, close) });
    from = close + 2;
  }
  return parts;
}

/**
 * The `}}` that ends a part: the first one outside strings and brackets, so a map literal such as
 * `{{ {"a": {"b": 1}} }}` is not cut short. If the part's brackets or quotes never balance, the
 * first `}}` is taken, so the part is still checked and its own syntax error is reported.
 */
function findClose(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const ch = source.charAt(i);
    if (ch === "'" || ch === '"') {
      const end = stringEnd(source, i, false);
      if (end < 0) break;
      i = end - 1;
    } else if (ch === "{" || ch === "(" || ch === "[") {
      depth++;
    } else if (ch === "}" && depth === 0 && source.charAt(i + 1) === "}") {
      return i;
    } else if ((ch === "}" || ch === ")" || ch === "]") && depth > 0) {
      depth--;
    }
  }
  return source.indexOf("}}", start);
}
