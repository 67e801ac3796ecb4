const MAX = 60;

/** A value as shown in a one-line summary: numbers and booleans as they are, text quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(none)";
  const text = typeof value === "string" ? `'${value.replace(/\s+/g, " ").trim()}'` : JSON.stringify(value);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
