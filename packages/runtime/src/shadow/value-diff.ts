import { isPlainObject } from "./normalise.js";

/** One field that differs between what live did and what shadow would have done. */
export interface FieldDifference {
  /** Where in the effect's detail: `amount`, `items[0].qty`; empty for the detail as a whole. */
  readonly path: string;
  /** `changed`: both have it; `added`: only shadow has it; `removed`: only live has it. */
  readonly change: "changed" | "added" | "removed";
  /** The live value (absent when `added`). */
  readonly live?: unknown;
  /** The shadow value (absent when `removed`). */
  readonly shadow?: unknown;
}

/** How values are compared. */
export interface DiffOptions {
  /**
   * ISO date-times closer than this many milliseconds count as equal: both sides stamp `now` when
   * their step runs, which is never the same millisecond. Default 60 000; 0 compares exactly.
   */
  readonly timeToleranceMs?: number;
}

/** The default {@link DiffOptions.timeToleranceMs}. */
export const DEFAULT_TIME_TOLERANCE_MS = 60_000;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function sameScalar(live: unknown, shadow: unknown, toleranceMs: number): boolean {
  if (Object.is(live, shadow)) return true;
  if (
    typeof live === "string" &&
    typeof shadow === "string" &&
    DATE_TIME.test(live) &&
    DATE_TIME.test(shadow)
  )
    return Math.abs(Date.parse(live) - Date.parse(shadow)) <= toleranceMs;
  return false;
}

const join = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

function collect(
  live: unknown,
  shadow: unknown,
  path: string,
  toleranceMs: number,
  out: FieldDifference[],
): void {
  if (isPlainObject(live) && isPlainObject(shadow)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(shadow)])].sort();
    for (const key of keys) {
      const at = join(path, key);
      if (!(key in shadow)) out.push({ path: at, change: "removed", live: live[key] });
      else if (!(key in live)) out.push({ path: at, change: "added", shadow: shadow[key] });
      else collect(live[key], shadow[key], at, toleranceMs, out);
    }
    return;
  }
  if (Array.isArray(live) && Array.isArray(shadow)) {
    for (let i = 0; i < Math.max(live.length, shadow.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= shadow.length) out.push({ path: at, change: "removed", live: live[i] });
      else if (i >= live.length) out.push({ path: at, change: "added", shadow: shadow[i] });
      else collect(live[i], shadow[i], at, toleranceMs, out);
    }
    return;
  }
  if (!sameScalar(live, shadow, toleranceMs)) out.push({ path, change: "changed", live, shadow });
}

/**
 * The field-by-field differences between two JSON-like values, in a stable order (object keys
 * sorted, array items by position). Empty when the values are equal. Numbers are compared exactly:
 * a payout of 1200 and one of 1200.01 differ.
 */
export function diffValues(live: unknown, shadow: unknown, options: DiffOptions = {}): FieldDifference[] {
  const out: FieldDifference[] = [];
  collect(live, shadow, "", options.timeToleranceMs ?? DEFAULT_TIME_TOLERANCE_MS, out);
  return out;
}
