import { createHash } from "node:crypto";
import { v7 as uuidv7 } from "uuid";

// Generated ids start with a time so that rows the engine inserts land at the end of each primary
// key and index, instead of at random places: with random ids the pages a commit dirties grow with
// the table, and throughput falls as data is stored (docs/performance.md, scaling).

const TIME_DIGITS = 12; // hex digits of milliseconds: until the year 10889
const HASH_DIGITS = 20;
const LEGACY_HASH_DIGITS = 24;
const MAX_TIME = 16 ** TIME_DIGITS - 1;

const sha256Hex = (key: string) => createHash("sha256").update(key).digest("hex");

/** `at` (ms since the epoch) as fixed-width hex, so ids sort by it as text. */
const timeHex = (at: number) =>
  Math.min(Math.max(Math.floor(Number.isFinite(at) ? at : 0), 0), MAX_TIME)
    .toString(16)
    .padStart(TIME_DIGITS, "0");

/**
 * A stable id that sorts by time: `<prefix>_`, 12 hex digits of `at` and 20 of the key's SHA-256.
 * Same key and time, same id; `at` must be a time stored with what the key names (a run's start,
 * an event's occurrence), never the clock, or a retried step would not find its own rows.
 */
export const stableId = (prefix: string, key: string, at: number) =>
  `${prefix}_${timeHex(at)}${sha256Hex(key).slice(0, HASH_DIGITS)}`;

/** The form ids had before they sorted by time; stored rows may still carry it. */
const legacyStableId = (prefix: string, key: string) =>
  `${prefix}_${sha256Hex(key).slice(0, LEGACY_HASH_DIGITS)}`;

/** The hex part of a generated id, either form: what shadow comparison treats as "some generated id". */
export const GENERATED_HEX = `[0-9a-f]{${LEGACY_HASH_DIGITS}}(?:[0-9a-f]{${TIME_DIGITS + HASH_DIGITS - LEGACY_HASH_DIGITS}})?`;

/** The event a run id is derived from: its id and when it occurred. */
export interface EventRef {
  readonly id: string;
  readonly occurredAt: number;
}

const eventRunKey = (tenantId: string, workflowId: string, mode: "live" | "shadow", eventId: string) =>
  `${tenantId}:${workflowId}:${mode}:${eventId}`;

/**
 * The id of the run an event starts for a workflow in a mode: stable, so starting the event's
 * runs again is a no-op, and so a shadow run finds its live twin (and the report pairs them).
 */
export const eventRunId = (tenantId: string, workflowId: string, mode: "live" | "shadow", event: EventRef) =>
  stableId("run", eventRunKey(tenantId, workflowId, mode, event.id), event.occurredAt);

/** Every id the run of {@link eventRunId} may be stored under: the current form, then the legacy one. */
export const eventRunIds = (
  tenantId: string,
  workflowId: string,
  mode: "live" | "shadow",
  event: EventRef,
): readonly string[] => [
  eventRunId(tenantId, workflowId, mode, event),
  legacyStableId("run", eventRunKey(tenantId, workflowId, mode, event.id)),
];

/**
 * The id of the run the same event started in the other mode (a run's twin). Twins share their
 * time part, so it is read from the run's own id; a run stored with a legacy id has a legacy twin.
 */
export function twinRunId(
  run: { readonly id: string; readonly tenantId: string; readonly workflowId: string },
  mode: "live" | "shadow",
  eventId: string,
): string {
  const key = eventRunKey(run.tenantId, run.workflowId, mode, eventId);
  const hex = run.id.slice("run_".length);
  if (hex.length !== TIME_DIGITS + HASH_DIGITS) return legacyStableId("run", key);
  return `run_${hex.slice(0, TIME_DIGITS)}${sha256Hex(key).slice(0, HASH_DIGITS)}`;
}

/** A new event id: a UUID (version 7) that sorts by creation time. */
export const newEventId = (): string => uuidv7();
