/** Bounds that keep hostile input cheap to reject. Each is far above what a real definition needs. */
export interface ParseLimits {
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of mappings and lists. */
  readonly maxDepth: number;
  /** Most alias expansions in one document (the `yaml` library's guard against alias bombs). */
  readonly maxAliasCount: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 2 * 1024 * 1024, maxDepth: 64, maxAliasCount: 100 };

/** Keys that could reach an object's prototype if some later code copied the data naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
