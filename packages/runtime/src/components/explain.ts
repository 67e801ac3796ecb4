import type { StepContext } from "./contract.js";
import { compactValue } from "./values.js";

/** Most inputs an explanation lists; a rule set reading more is summarised by its first ones. */
const MAX_INPUTS = 30;

/** Blanks out string literals, so text inside quotes is never taken for a field path. */
function withoutStrings(source: string): string {
  return source.replace(/(['"])(?:\\[\s\S]|(?!\1)[^\\])*\1?/g, (literal) => " ".repeat(literal.length));
}

const PATH = /(?<![\w.])[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+(\s*\()?/g;

/**
 * The dotted paths an expression reads, such as `record.budget` or `steps.score.output.band`;
 * for a method call (`record.name.startsWith(…)`) the path it is called on. Syntactic and best
 * effort: it serves explanations, not checking.
 */
export function pathsIn(source: string): string[] {
  const found = new Set<string>();
  for (const match of withoutStrings(source).matchAll(PATH)) {
    const segments = match[0]
      .replace(/\s*\($/, "")
      .split(".")
      .map((s) => s.trim());
    if (match[1] !== undefined) segments.pop();
    if (segments.length >= 2) found.add(segments.join("."));
  }
  return [...found];
}

/**
 * The values the given expressions read, by path: what a decision was based on, for its
 * explanation. A path that cannot be read on its own (a macro's variable, a missing field) is
 * left out; large values are shortened.
 */
export function inputsRead(ctx: StepContext, sources: readonly string[]): Record<string, unknown> {
  const paths = [...new Set(sources.flatMap(pathsIn))].slice(0, MAX_INPUTS);
  const inputs: Record<string, unknown> = {};
  for (const path of paths) {
    try {
      inputs[path] = compactValue(ctx.evaluate(path));
    } catch {
      // Not readable by itself: `x.amount` inside `items.exists(x, x.amount > 0)`, or a field the record lacks.
    }
  }
  return inputs;
}
