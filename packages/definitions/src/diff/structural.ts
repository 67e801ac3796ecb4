import type { Definition } from "../schema/index.js";

/** Where a change is: object keys, array indexes, or the `id` of an element in an id-matched array. */
export type DiffPath = readonly (string | number)[];

/** What happened at a path. `moved`: an element of an id-matched array changed its position. */
export type ChangeKind = "added" | "removed" | "changed" | "moved";

/**
 * One difference between two definitions. `before` / `after` hold the old and new value (for
 * `moved`, the old and new index); `label` is the path as people read it, e.g.
 * `config.rules[big-budget].weight`, where `[big-budget]` names an element by its id.
 */
export interface Change {
  readonly path: DiffPath;
  readonly label: string;
  readonly kind: ChangeKind;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Options of a structural diff. */
export interface DiffOptions {
  /** Report changes to steps' canvas `layout` too. Default false: moving a box is not a change. */
  readonly layout?: boolean;
}

/** The structural difference between two definitions of any kind. */
export interface DefinitionDiff {
  readonly changes: readonly Change[];
}

/**
 * Diffs two definitions field by field: objects by key; arrays whose elements all carry a unique
 * string `id` (steps, sections, rules, anomalies) by id, so a reordering is one `moved` change and
 * not a removal plus an addition; other arrays by index. Steps' `layout` is ignored unless asked
 * for. Pure and deterministic: the same inputs give the same changes in the same order.
 */
export function diffDefinitions(
  before: Definition,
  after: Definition,
  options: DiffOptions = {},
): DefinitionDiff {
  return { changes: diffValues(before, after, options) };
}

/** Diffs any two plain-data values (as read from YAML or JSON); see {@link diffDefinitions}. */
export function diffValues(before: unknown, after: unknown, options: DiffOptions = {}): Change[] {
  const changes: Change[] = [];
  walk(before, after, { path: [], label: "", inStep: false }, options, changes);
  return changes;
}

interface At {
  readonly path: DiffPath;
  readonly label: string;
  readonly inStep: boolean;
}

type PlainObject = Record<string, unknown>;

function isObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function key(at: At, name: string, inStep = false): At {
  return { path: [...at.path, name], label: at.label ? `${at.label}.${name}` : name, inStep };
}

function element(at: At, segment: string | number, inStep: boolean): At {
  return { path: [...at.path, segment], label: `${at.label}[${segment}]`, inStep };
}

function walk(before: unknown, after: unknown, at: At, options: DiffOptions, out: Change[]): void {
  if (isObject(before) && isObject(after)) return walkObject(before, after, at, options, out);
  if (Array.isArray(before) && Array.isArray(after)) {
    const byId = idsOf(before) && idsOf(after);
    return byId ? walkById(before, after, at, options, out) : walkByIndex(before, after, at, options, out);
  }
  if (!deepEqual(before, after)) out.push({ path: at.path, label: at.label, kind: "changed", before, after });
}

function walkObject(
  before: PlainObject,
  after: PlainObject,
  at: At,
  options: DiffOptions,
  out: Change[],
): void {
  const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
  for (const name of keys) {
    if (at.inStep && name === "layout" && !options.layout) continue;
    const here = key(at, name, name === "steps");
    const inBefore = Object.hasOwn(before, name) && before[name] !== undefined;
    const inAfter = Object.hasOwn(after, name) && after[name] !== undefined;
    if (inBefore && !inAfter)
      out.push({ path: here.path, label: here.label, kind: "removed", before: before[name] });
    else if (!inBefore && inAfter)
      out.push({ path: here.path, label: here.label, kind: "added", after: after[name] });
    else if (inBefore && inAfter) walk(before[name], after[name], here, options, out);
  }
}

function walkByIndex(before: unknown[], after: unknown[], at: At, options: DiffOptions, out: Change[]): void {
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const here = element(at, i, false);
    if (i >= after.length)
      out.push({ path: here.path, label: here.label, kind: "removed", before: before[i] });
    else if (i >= before.length)
      out.push({ path: here.path, label: here.label, kind: "added", after: after[i] });
    else walk(before[i], after[i], here, options, out);
  }
}

function walkById(before: unknown[], after: unknown[], at: At, options: DiffOptions, out: Change[]): void {
  const beforeIds = before.map(idOf);
  const afterIds = after.map(idOf);
  const inAfter = new Set(afterIds);
  const inBefore = new Set(beforeIds);
  before.forEach((value, i) => {
    const id = beforeIds[i] ?? "";
    if (inAfter.has(id)) return;
    const here = element(at, id, at.inStep);
    out.push({ path: here.path, label: here.label, kind: "removed", before: value });
  });
  const moved = new Set(movedIds(beforeIds, afterIds));
  after.forEach((value, i) => {
    const id = afterIds[i] ?? "";
    const here = element(at, id, at.inStep);
    if (!inBefore.has(id)) {
      out.push({ path: here.path, label: here.label, kind: "added", after: value });
      return;
    }
    const from = beforeIds.indexOf(id);
    if (moved.has(id))
      out.push({ path: here.path, label: here.label, kind: "moved", before: from, after: i });
    walk(before[from], value, here, options, out);
  });
}

function idOf(value: unknown): string {
  return isObject(value) && typeof value.id === "string" ? value.id : "";
}

/** True when every element is an object with a string `id`, and no two share one. */
function idsOf(values: readonly unknown[]): boolean {
  if (values.length === 0) return true;
  const ids = values.map(idOf);
  return ids.every((id) => id !== "") && new Set(ids).size === ids.length;
}

/**
 * The ids, present in both lists, that changed place: those outside a longest common subsequence
 * of the two orders. Moving one element therefore reports exactly that element (or, for two
 * neighbours swapped, one of the two).
 */
export function movedIds(before: readonly string[], after: readonly string[]): string[] {
  const common = new Set(after);
  const a = before.filter((id) => common.has(id));
  const keep = new Set(a);
  const b = after.filter((id) => keep.has(id));
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  const at = (i: number, j: number) => lengths[i]?.[j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lengths[i];
      if (row) row[j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const stay = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      stay.add(a[i] ?? "");
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return b.filter((id) => !stay.has(id));
}

/** Structural equality of plain data (key order of objects does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}
