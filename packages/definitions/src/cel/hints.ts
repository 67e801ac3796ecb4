/**
 * The "how to fix it" half of each issue. Written for people who build workflows rather than code:
 * say what to type, with the user's own expression in the example where possible.
 */
import { type CelType, capitalized, isNumeric, withArticle } from "./types.js";

/** How to turn a non-boolean value into the condition the user probably meant. */
export function conditionHint(text: string, type: CelType): string {
  switch (type.kind) {
    case "string":
      return `Compare it with something, e.g. ${text} == "some text", or test that it is filled in: ${text} != ""`;
    case "int":
    case "uint":
    case "double":
      return `Compare it with a number, e.g. ${text} > 0`;
    case "list":
    case "map":
      return `Test its size, e.g. size(${text}) > 0, or look for an item with 'in'`;
    case "timestamp":
      return `Compare it with another time, e.g. ${text} < now`;
    case "duration":
      return `Compare it with another duration, e.g. ${text} > duration("24h")`;
    case "object":
      return `Test one of its fields, e.g. has(${text}.someField)`;
    default:
      return `Write a comparison that gives true or false, e.g. ${text} == ...`;
  }
}

/** Operand texts and literal spellings for the int/double advice. */
export interface NumericOperands {
  readonly leftText: string;
  readonly rightText: string;
  /** The literal as written, when an operand is a number literal. */
  readonly leftLiteral?: string;
  readonly rightLiteral?: string;
}

/** Advice when arithmetic mixes number types, which CEL refuses at runtime. */
export function numericMixHint(left: CelType, right: CelType, operands: NumericOperands): string {
  if (left.kind === "uint" || right.kind === "uint") {
    return "Unsigned numbers (uint) don't mix with other numbers: write them with a u suffix (5u), or convert with int(...) or uint(...)";
  }
  const intOnLeft = left.kind === "int";
  const intText = intOnLeft ? operands.leftText : operands.rightText;
  const intLiteral = intOnLeft ? operands.leftLiteral : operands.rightLiteral;
  const doubleText = intOnLeft ? operands.rightText : operands.leftText;
  const why = "Whole numbers (int) and decimals (double) don't mix in arithmetic. ";
  if (intLiteral !== undefined)
    return `${why}Write ${intLiteral}.0 instead of ${intLiteral}, or convert with double(...)`;
  return `${why}Convert one side: double(${intText}), or int(${doubleText}) to drop the decimals`;
}

/** Advice for `+`, `-`, `*`, `/`, `%` between types with no overload, beyond number mixing. */
export function arithmeticHint(
  op: string,
  left: CelType,
  right: CelType,
  valid: readonly string[],
  operands: NumericOperands,
): string {
  const kinds = new Set([left.kind, right.kind]);
  if (op === "+" && kinds.has("string") && (isNumeric(left) || isNumeric(right))) {
    const fixed = isNumeric(left)
      ? `string(${operands.leftText}) + ${operands.rightText}`
      : `${operands.leftText} + string(${operands.rightText})`;
    return `To join text and a number, turn the number into text: ${fixed}`;
  }
  if (kinds.has("timestamp") && !kinds.has("duration")) {
    return `Add or subtract a duration, e.g. now + duration("72h"); subtracting two timestamps gives a duration`;
  }
  if (op === "%" && kinds.has("double")) return "% (remainder) works on whole numbers (int) only";
  return `${op} works on: ${valid.join(", ")}`;
}

/** Advice when two values of different types are compared. */
export function compareHint(left: CelType, right: CelType): string {
  const kinds = new Set([left.kind, right.kind]);
  if (kinds.has("string") && (isNumeric(left) || isNumeric(right))) {
    return `Text and numbers can't be compared: put the number in quotes to compare as text ("5"), or convert the text with int(...) or double(...)`;
  }
  if (kinds.has("timestamp") && kinds.has("string")) {
    return `Turn the text into a timestamp: timestamp("2024-01-31T00:00:00Z")`;
  }
  if (kinds.has("duration") && kinds.has("string")) return `Turn the text into a duration: duration("24h")`;
  if (kinds.has("timestamp")) {
    return `Compare a timestamp with another timestamp (e.g. now), or compare durations: now - time > duration("24h")`;
  }
  return "Both sides must be the same kind of value: numbers with numbers, text with text, lists with lists";
}

/** Advice for a field read on a value that has no fields. */
export function noFieldsHint(type: CelType, methods: readonly string[]): string {
  if (type.kind === "null") return "The value is null here; check it first, e.g. x != null && ...";
  if (methods.length === 0) return `${capitalized(withArticle(type))} has no fields`;
  return `${capitalized(withArticle(type))} has functions instead of fields: ${methods.slice(0, 8).join(", ")}`;
}

/** Well-known names from other languages and spreadsheets, mapped to the CEL function to use. */
export const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  toUpperCase: "upperAscii",
  toUpper: "upperAscii",
  upper: "upperAscii",
  uppercase: "upperAscii",
  toLowerCase: "lowerAscii",
  toLower: "lowerAscii",
  lower: "lowerAscii",
  lowercase: "lowerAscii",
  includes: "contains",
  length: "size",
  len: "size",
  count: "size",
  strip: "trim",
  startswith: "startsWith",
  endswith: "endsWith",
  regex: "matches",
  test: "matches",
  slice: "substring",
  substr: "substring",
  toString: "string",
  str: "string",
  parseInt: "int",
  parseFloat: "double",
  float: "double",
  number: "double",
  any: "exists",
  some: "exists",
  every: "all",
  where: "filter",
};
