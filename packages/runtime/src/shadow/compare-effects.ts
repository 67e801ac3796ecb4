import type { EffectSummary } from "../effects/staged.js";
import { isPlainObject, normaliseIds, normaliseValue } from "./normalise.js";
import { type DiffOptions, diffValues, type FieldDifference } from "./value-diff.js";

/** How one effect of live compares with shadow. */
export type EffectClass = "matched" | "different" | "added" | "missing";

/** The kinds of effect a step can have (see effects/staged.ts). */
export type EffectKind = EffectSummary["kind"];

/** The classes in the order reports list them. */
export const EFFECT_CLASSES: readonly EffectClass[] = ["matched", "different", "added", "missing"];

/** How many effects fell into each class. */
export type EffectCounts = Record<EffectClass, number>;

/** One live effect, one shadow effect, or a pair of them, with how they compare. */
export interface EffectComparisonEntry {
  /**
   * `matched`: same kind, target and detail; `different`: same kind and target (generated targets
   * pair by position) but another detail; `added`: shadow only; `missing`: live only.
   */
  readonly class: EffectClass;
  readonly kind: EffectKind;
  /** The target with generated ids replaced (`lead/<generated-id>`), the same for both sides. */
  readonly target: string;
  readonly live?: EffectSummary;
  readonly shadow?: EffectSummary;
  /** Position of the live effect in the live run's ledger. */
  readonly liveIndex?: number;
  /** Position of the shadow effect in the shadow run's ledger. */
  readonly shadowIndex?: number;
  /** Field by field, what differs (only for `different`; generated ids already normalised). */
  readonly differences: readonly FieldDifference[];
}

/** The effects of one event, live against shadow. */
export interface EffectComparison {
  readonly entries: readonly EffectComparisonEntry[];
  readonly counts: EffectCounts;
}

/** Options of {@link compareEffects}. */
export type CompareOptions = DiffOptions;

interface Side {
  readonly effect: EffectSummary;
  readonly index: number;
  readonly key: string;
  readonly target: string;
  readonly detail: unknown;
}

const sides = (effects: readonly EffectSummary[]): Side[] =>
  effects.map((effect, index) => {
    const target = normaliseIds(effect.target);
    return {
      effect,
      index,
      key: `${effect.kind}\u0000${target}`,
      target,
      detail: normaliseValue(effect.detail),
    };
  });

/**
 * The part of two details that both sides record. The live gateway records only an e-mail's
 * subject while the shadow gateway also records its body, so e-mails compare on the keys both have.
 */
function comparable(kind: EffectKind, live: unknown, shadow: unknown): [unknown, unknown] {
  if (kind !== "email" || !isPlainObject(live) || !isPlainObject(shadow)) return [live, shadow];
  const pick = (o: Record<string, unknown>, other: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => k in other));
  return [pick(live, shadow), pick(shadow, live)];
}

function differencesOf(live: Side, shadow: Side, options: CompareOptions): FieldDifference[] {
  const [a, b] = comparable(live.effect.kind, live.detail, shadow.detail);
  return diffValues(a, b, options);
}

/** Puts each shadow-only entry after the entries that come before it in the shadow ledger. */
function placeAdded(entries: EffectComparisonEntry[], added: readonly EffectComparisonEntry[]): void {
  for (const entry of added) {
    let at = 0;
    entries.forEach((e, i) => {
      if (e.shadowIndex !== undefined && e.shadowIndex < (entry.shadowIndex ?? 0)) at = i + 1;
    });
    entries.splice(at, 0, entry);
  }
}

/**
 * Compares what a live run did with what a shadow run would have done, effect by effect.
 *
 * Effects pair when they have the same kind and target once generated ids (`shadow_…` records,
 * `ob_…`/`shadow:…` outbox items, run ids) are normalised, so records both sides created without
 * an id pair by their position among that entity's creations. Within a kind and target, equal
 * details pair first, then the rest by position. Entries follow the live ledger's order, with
 * shadow-only effects placed where the shadow ledger has them; the result is deterministic.
 */
export function compareEffects(
  live: readonly EffectSummary[],
  shadow: readonly EffectSummary[],
  options: CompareOptions = {},
): EffectComparison {
  const liveSides = sides(live);
  const shadowSides = sides(shadow);
  const pairedWith = new Map<number, { side: Side; differences: FieldDifference[] }>();
  const used = new Set<number>();
  const candidates = (l: Side) => shadowSides.filter((s) => s.key === l.key && !used.has(s.index));
  for (const l of liveSides) {
    const equal = candidates(l).find((s) => differencesOf(l, s, options).length === 0);
    if (!equal) continue;
    used.add(equal.index);
    pairedWith.set(l.index, { side: equal, differences: [] });
  }
  for (const l of liveSides) {
    if (pairedWith.has(l.index)) continue;
    const next = candidates(l)[0];
    if (!next) continue;
    used.add(next.index);
    pairedWith.set(l.index, { side: next, differences: differencesOf(l, next, options) });
  }
  const entries: EffectComparisonEntry[] = liveSides.map((l) => {
    const pair = pairedWith.get(l.index);
    const base = { kind: l.effect.kind, target: l.target, live: l.effect, liveIndex: l.index };
    if (!pair) return { ...base, class: "missing", differences: [] };
    return {
      ...base,
      class: pair.differences.length === 0 ? "matched" : "different",
      shadow: pair.side.effect,
      shadowIndex: pair.side.index,
      differences: pair.differences,
    };
  });
  placeAdded(
    entries,
    shadowSides
      .filter((s) => !used.has(s.index))
      .map((s) => ({
        class: "added",
        kind: s.effect.kind,
        target: s.target,
        shadow: s.effect,
        shadowIndex: s.index,
        differences: [],
      })),
  );
  return { entries, counts: countClasses(entries) };
}

/** Counts entries per class (every class present, zero when none). */
export function countClasses(entries: readonly { readonly class: EffectClass }[]): EffectCounts {
  const counts: EffectCounts = { matched: 0, different: 0, added: 0, missing: 0 };
  for (const e of entries) counts[e.class] += 1;
  return counts;
}

/** The effects a step-execution row holds, skipping anything that is not an effect summary. */
export function effectsOf(row: { readonly effects: unknown }): EffectSummary[] {
  if (!Array.isArray(row.effects)) return [];
  return row.effects.filter(
    (e): e is EffectSummary =>
      isPlainObject(e) &&
      typeof e.target === "string" &&
      ["record-create", "record-update", "email", "http", "notification"].includes(String(e.kind)),
  );
}
