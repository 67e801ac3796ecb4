/**
 * Formatting shared by the governance and runs pages: percentages, latencies, hashes, times and
 * arbitrary JSON values as short, readable text. Pure.
 */

/** A ratio (0.0125) as a percentage ("1.3%"); "—" when not a finite number. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

/** A duration in milliseconds: "180 ms" below a second, "1.2 s" above; "—" when unknown. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The first characters of a content hash, enough to tell versions apart. */
export function shortHash(hash: string | null | undefined, length = 12): string {
  return hash ? hash.slice(0, length) : "—";
}

/** An ISO time or epoch milliseconds as "2026-11-23 09:00:03 UTC"; "—" when absent or invalid. */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Any JSON value as one short line: strings bare, the rest as JSON, cut at `max` characters. */
export function formatValue(value: unknown, max = 120): string {
  if (value === undefined) return "(none)";
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Any JSON value as indented text for a <pre> block. */
export function formatJson(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(value, null, 2) ?? String(value);
}
