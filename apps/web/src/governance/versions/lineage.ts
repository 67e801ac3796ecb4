/** Lineage as `GET /api/workflows/{id}/versions/{v}/lineage?compareTo=` answers it, and its rows. */

export interface FieldChange {
  readonly step: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface Lineage {
  readonly workflowId: string;
  readonly version: number;
  readonly steps: readonly { step: string; reads: readonly string[]; writes: readonly string[] }[];
  readonly changes?: { from: number; reads: readonly FieldChange[]; writes: readonly FieldChange[] };
}

/** One step's lineage change: fields newly read or written, and no longer. */
export interface LineageRow {
  readonly step: string;
  readonly readsAdded: readonly string[];
  readonly readsRemoved: readonly string[];
  readonly writesAdded: readonly string[];
  readonly writesRemoved: readonly string[];
}

/** Merges the read and write changes per step, steps in the order they first appear; empty steps left out. */
export function lineageRows(changes: Lineage["changes"]): LineageRow[] {
  if (!changes) return [];
  const rows = new Map<
    string,
    { readsAdded: string[]; readsRemoved: string[]; writesAdded: string[]; writesRemoved: string[] }
  >();
  const row = (step: string) => {
    let r = rows.get(step);
    if (!r) rows.set(step, (r = { readsAdded: [], readsRemoved: [], writesAdded: [], writesRemoved: [] }));
    return r;
  };
  for (const c of changes.reads) {
    row(c.step).readsAdded.push(...c.added);
    row(c.step).readsRemoved.push(...c.removed);
  }
  for (const c of changes.writes) {
    row(c.step).writesAdded.push(...c.added);
    row(c.step).writesRemoved.push(...c.removed);
  }
  return [...rows]
    .map(([step, r]) => ({ step, ...r }))
    .filter(
      (r) => r.readsAdded.length + r.readsRemoved.length + r.writesAdded.length + r.writesRemoved.length > 0,
    );
}

/** Which two versions to compare first: the newest against the one before it. */
export function defaultPair(versions: readonly { version: number }[]): { from: number; to: number } | null {
  const sorted = versions.map((v) => v.version).sort((a, b) => b - a);
  const [to, from] = sorted;
  if (to === undefined) return null;
  return { from: from ?? to, to };
}
