import type { EffectSummary } from "../effects/staged.js";
import { isPlainObject } from "./normalise.js";

/** How a run touched a record: it was the run's subject (`record`), or the run created or updated it. */
export type RecordTouch = "subject" | "created" | "updated";

/**
 * A record of another region that a regional workflow touched: the permission boundary of a
 * workflow is its region, and only `global` workflows may act on every region's records.
 */
export interface BoundaryViolation {
  readonly entity: string;
  readonly id: string;
  /** The record's `region` field. */
  readonly region: string;
  /** Every way the run touched it, in the order subject, created, updated. */
  readonly touched: readonly RecordTouch[];
}

/** The parts of a workflow the boundary depends on. */
export interface BoundaryScope {
  /** The workflow's region, or `global`. */
  readonly region: string;
  /** The entity of the run's subject record. */
  readonly entity?: string;
}

/** What one run touched: its subject record, its effects and (for shadow runs) its overlay. */
export interface TouchedRecords {
  readonly subject?: unknown;
  readonly effects: readonly EffectSummary[];
  /** A shadow run's own writes (`entity/id` → record after the write), from its state. */
  readonly overlay?: Readonly<Record<string, unknown>>;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const TOUCH_ORDER: readonly RecordTouch[] = ["subject", "created", "updated"];

/** Splits an effect target `entity/id` (entity ids contain no slash). */
export function recordTarget(target: string): { entity: string; id: string } {
  const slash = target.indexOf("/");
  return slash < 0
    ? { entity: target, id: "" }
    : { entity: target.slice(0, slash), id: target.slice(slash + 1) };
}

const regionOf = (record: unknown): string | undefined =>
  isPlainObject(record) && typeof record.region === "string" && record.region !== ""
    ? record.region
    : undefined;

/**
 * The records a run touched whose `region` is set and is not the workflow's own region. Empty for
 * a `global` workflow. A written record's region is read from the shadow overlay (the record as
 * the run left it) and else from the effect's detail; a record without a region is no violation.
 * Sorted by entity, then id.
 */
export function boundaryViolations(scope: BoundaryScope, touched: TouchedRecords): BoundaryViolation[] {
  if (scope.region === "global") return [];
  const found = new Map<string, { entity: string; id: string; region: string; touched: Set<RecordTouch> }>();
  const add = (entity: string, id: string, region: string | undefined, how: RecordTouch) => {
    if (region === undefined || region === scope.region) return;
    const key = `${entity}/${id}`;
    const entry = found.get(key) ?? { entity, id, region, touched: new Set<RecordTouch>() };
    entry.touched.add(how);
    found.set(key, entry);
  };
  if (scope.entity !== undefined && isPlainObject(touched.subject)) {
    const id = typeof touched.subject.id === "string" ? touched.subject.id : "";
    add(scope.entity, id, regionOf(touched.subject), "subject");
  }
  for (const effect of touched.effects) {
    if (effect.kind !== "record-create" && effect.kind !== "record-update") continue;
    const { entity, id } = recordTarget(effect.target);
    const region = regionOf(touched.overlay?.[effect.target]) ?? regionOf(effect.detail);
    add(entity, id, region, effect.kind === "record-create" ? "created" : "updated");
  }
  return [...found.values()]
    .map((v) => ({ ...v, touched: TOUCH_ORDER.filter((t) => v.touched.has(t)) }))
    .sort((a, b) => byText(a.entity, b.entity) || byText(a.id, b.id));
}

/**
 * The fields a run's record effects write, as `entity.field`, sorted and without duplicates: every
 * field of a created record, and the changed fields of an update.
 */
export function fieldsWritten(effects: readonly EffectSummary[]): string[] {
  const fields = new Set<string>();
  for (const effect of effects) {
    if (effect.kind !== "record-create" && effect.kind !== "record-update") continue;
    if (!isPlainObject(effect.detail)) continue;
    const { entity } = recordTarget(effect.target);
    for (const field of Object.keys(effect.detail)) fields.add(`${entity}.${field}`);
  }
  return [...fields].sort();
}
