/**
 * Pure checks and conversions of the values expressions give at run time. Each returns the value
 * in the shape a component needs, or undefined / a description for the error message; none throws.
 */

/** A plain mapping (not a list, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How a value reads in an error message: `'text'`, `42`, `a list of 3`, `a mapping`, `empty (null)`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "empty (null)";
  if (typeof value === "string") {
    if (value === "") return "empty text ('')";
    return `'${value.length > 60 ? `${value.slice(0, 57)}…` : value}'`;
  }
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  return String(value);
}

/**
 * One text or a list of texts, as a list without blanks or repeats: what `to`, `approvers` and
 * `cc` accept. Undefined when the value is anything else (a number, a list holding a number …).
 */
export function toTextList(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== "string") return undefined;
    const text = item.trim();
    if (text === "") return undefined;
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

// Date, or date and time with a zone (Z or ±hh:mm). Without a zone a moment is ambiguous.
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2}))?$/;

/**
 * Milliseconds since the epoch of a moment an expression gave. Accepted: ISO 8601 text with a
 * zone or a bare date (midnight UTC) — what the evaluator turns CEL timestamps into — a `Date`,
 * and a protobuf Timestamp (`{ seconds, nanos }`, bare or inside `message`). Numbers are
 * refused: seconds and milliseconds cannot be told apart.
 */
export function toTimestampMs(value: unknown): number | undefined {
  if (typeof value === "string") {
    if (!ISO_TIMESTAMP.test(value.trim())) return undefined;
    const ms = Date.parse(value.trim());
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (isPlainObject(value)) {
    const message = isPlainObject(value.message) ? value.message : value;
    const { seconds, nanos } = message;
    if (typeof seconds === "bigint" || typeof seconds === "number") {
      const ms = Number(seconds) * 1000 + (typeof nanos === "number" ? Math.floor(nanos / 1e6) : 0);
      return Number.isFinite(ms) ? ms : undefined;
    }
  }
  return undefined;
}

// Local part without spaces or specials; a domain of at least two labels (letters of any script).
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;

/** True for something that looks like a bare e-mail address (`name@example.com`, no display name). */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

/** A value cut down for an explanation: large lists and mappings become a short description. */
export function compactValue(value: unknown, maxChars = 500): unknown {
  if (typeof value === "string") return value.length > maxChars ? `${value.slice(0, maxChars - 1)}…` : value;
  if (typeof value !== "object" || value === null) return value;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return describeValue(value);
  }
  return text.length > maxChars ? `(${describeValue(value)})` : value;
}
