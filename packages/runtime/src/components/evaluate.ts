import { parseDuration } from "@switchyard/definitions";
import { type StepContext, StepFailure } from "./contract.js";
import { invalidConfig } from "./errors.js";
import { describeValue, toTextList } from "./values.js";

/** Prefixes a failure from the evaluator with the setting it came from, keeping its code. */
function inSetting<T>(setting: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof StepFailure) {
      throw new StepFailure(
        { ...error.error, message: `In '${setting}': ${error.error.message}` },
        error.retryable,
      );
    }
    throw error;
  }
}

/** Evaluates the CEL expression of one setting; a failure names the setting. */
export function evaluateAt(
  ctx: StepContext,
  setting: string,
  source: string,
  extra?: Readonly<Record<string, unknown>>,
): unknown {
  return inSetting(setting, () => ctx.evaluate(source, extra));
}

/** Renders the `{{ }}` template of one setting; a failure names the setting. */
export function renderAt(ctx: StepContext, setting: string, template: string): string {
  return inSetting(setting, () => ctx.render(template));
}

/** Evaluates a `name → CEL` mapping (`fields`, `values`, `match`) into `name → value`. */
export function evaluateMap(
  ctx: StepContext,
  setting: string,
  expressions: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(expressions).map(([name, source]) => [
      name,
      evaluateAt(ctx, `${setting}.${name}`, source),
    ]),
  );
}

/** Evaluates a condition; anything but true or false is a configuration mistake. */
export function evaluateCondition(ctx: StepContext, setting: string, source: string): boolean {
  const value = evaluateAt(ctx, setting, source);
  if (typeof value === "boolean") return value;
  throw invalidConfig(
    `'${setting}' must give true or false, but \`${source}\` gave ${describeValue(value)}.`,
    "Compare the value with something, e.g. `record.amount > 1000`, or test it with has(…).",
  );
}

/** Evaluates a setting that names one or more people (user ids or addresses). */
export function evaluateTextList(ctx: StepContext, setting: string, source: string, noun: string): string[] {
  const value = evaluateAt(ctx, setting, source);
  const list = toTextList(value);
  if (list === undefined || list.length === 0) {
    throw invalidConfig(
      `'${setting}' must give ${noun} or a non-empty list of them, but \`${source}\` gave ${describeValue(value)}.`,
      `Write one as text, e.g. 'someone@example.com', or a list such as [record.owner, 'team@example.com']; make sure each entry is filled in.`,
    );
  }
  return list;
}

/** Evaluates a setting that names exactly one person or record: non-empty text. */
export function evaluateText(ctx: StepContext, setting: string, source: string, noun: string): string {
  const value = evaluateAt(ctx, setting, source);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  throw invalidConfig(
    `'${setting}' must give ${noun} as text, but \`${source}\` gave ${describeValue(value)}.`,
    "Make sure the field it reads is filled in, or convert the value with string(…).",
  );
}

/** Milliseconds of a duration setting such as `2d` or `1h30m`; zero or malformed is a mistake. */
export function durationAt(setting: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw invalidConfig(
      `'${setting}' is ${describeValue(text)}, which is not a duration.`,
      "Write a number and a unit (ms, s, m, h, d, w), e.g. 30s, 15m, 2h, 3d or 1h30m.",
    );
  }
  return ms;
}
