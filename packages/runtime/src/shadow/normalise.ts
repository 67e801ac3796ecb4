import { GENERATED_HEX } from "../engine/ids.js";

/**
 * What a live run and a shadow run of the same event inevitably write differently, rewritten to one
 * placeholder so that only differences in behaviour remain.
 */

/** The placeholder that replaces an id the engine generated (record, outbox, notification, run ids). */
export const GENERATED_ID = "<generated-id>";

/**
 * Ids a shadow run generates: record ids `shadow_<key>` and outbox/notification ids `shadow:<key>`,
 * where the key is `<run id>:<step instance>:<effect>:<n>` (see effects/shadow-gateway.ts).
 */
const SHADOW_ID = new RegExp(`shadow[_:]run_${GENERATED_HEX}:[A-Za-z0-9.]+:[a-z]+:\\d+`, "g");

/**
 * Ids the live side generates with `<prefix>_<hex>` (engine stableId): records created without
 * an id (`lead_…`), outbox items (`ob_…`), notifications (`nt_…`) and runs (`run_…`, which differ
 * because live and shadow runs have their own ids).
 */
const STABLE_ID = new RegExp(`\\b[a-z][a-z0-9-]*_${GENERATED_HEX}\\b`, "g");

/** Replaces every generated id inside a string with {@link GENERATED_ID}. */
export function normaliseIds(text: string): string {
  return text.replace(SHADOW_ID, GENERATED_ID).replace(STABLE_ID, GENERATED_ID);
}

/** A deep copy of a JSON-like value with generated ids replaced in every string (keys included). */
export function normaliseValue(value: unknown): unknown {
  if (typeof value === "string") return normaliseIds(value);
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[normaliseIds(k)] = normaliseValue(v);
    return out;
  }
  return value;
}

/** True for an object that is neither null nor an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
