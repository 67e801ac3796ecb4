import { formatValue } from "../ui/format";

/** One audit entry as `GET /api/audit` answers it. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly version: number | null;
  readonly detail?: unknown;
  readonly hash: string;
  readonly prevHash: string;
}

/** `GET /api/audit/verify`: the chain is intact, or the first altered or missing entry and why. */
export interface Verification {
  readonly ok: boolean;
  readonly entries?: number;
  readonly headHash?: string;
  readonly firstBadSeq?: number;
  readonly reason?: string;
  readonly message?: string;
}

/** An entry's detail split for reading: the diff lines, the data scope, and everything else. */
export interface DetailView {
  readonly diff: readonly string[];
  readonly scope: readonly { label: string; values: readonly string[] }[];
  readonly other: readonly { key: string; value: string }[];
}

const SCOPE_LABELS: Record<string, string> = {
  entities: "Entities",
  fields: "Fields read",
  written: "Fields written",
  regions: "Regions",
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => formatValue(x)) : []);

/** Splits an entry's `detail` into diff lines, data scope and the remaining fields. Pure. */
export function detailView(detail: unknown): DetailView {
  if (detail === null || typeof detail !== "object" || Array.isArray(detail))
    return {
      diff: [],
      scope: [],
      other: detail === undefined || detail === null ? [] : [{ key: "detail", value: formatValue(detail) }],
    };
  const { diff, scope, ...rest } = detail as Record<string, unknown>;
  const scopeObject = scope !== null && typeof scope === "object" ? (scope as Record<string, unknown>) : {};
  return {
    diff: strings(diff),
    scope: Object.entries(scopeObject)
      .map(([key, values]) => ({ label: SCOPE_LABELS[key] ?? key, values: strings(values) }))
      .filter((s) => s.values.length > 0),
    other: Object.entries(rest)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([key, value]) => ({ key, value: formatValue(value, 200) })),
  };
}

/** The banner's words: "Chain intact: N entries", or which entry was altered and why. */
export function verificationText(v: Verification): string {
  if (v.ok) return `Chain intact: ${v.entries ?? 0} entries`;
  const where = v.firstBadSeq === undefined ? "An entry" : `Entry #${v.firstBadSeq}`;
  return `${where} was altered or is missing${v.reason ? ` (${v.reason})` : ""}${v.message ? `: ${v.message}` : ""}`;
}

/** Entries newest first (the API answers oldest first). */
export function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => b.seq - a.seq);
}
