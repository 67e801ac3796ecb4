/** What a breaker key (`workflow:<id>@<version>` or `component:<id>@<version>`) names. Pure. */
export interface BreakerSubject {
  readonly type: "workflow" | "component";
  readonly id: string;
  readonly version: string;
}

/** Splits a breaker key; null for a key of another shape. */
export function parseBreakerKey(key: string): BreakerSubject | null {
  const match = /^(workflow|component):(\S+)@([^\s@]+)$/.exec(key);
  if (!match) return null;
  return { type: match[1] as BreakerSubject["type"], id: match[2] ?? "", version: match[3] ?? "" };
}

/** The path that resets a breaker: the key URL-encoded as one segment. */
export function resetPath(key: string): string {
  return `/api/breakers/${encodeURIComponent(key)}/reset`;
}
