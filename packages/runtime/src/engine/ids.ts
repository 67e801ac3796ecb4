import { createHash } from "node:crypto";

/** A short stable id: `<prefix>_` and 24 hex digits of the key's SHA-256 (same key, same id). */
export const stableId = (prefix: string, key: string) =>
  `${prefix}_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;

/**
 * The id of the run an event starts for a workflow in a mode: stable, so starting the event's
 * runs again is a no-op, and so a shadow run finds its live twin (and the report pairs them).
 */
export const eventRunId = (tenantId: string, workflowId: string, mode: "live" | "shadow", eventId: string) =>
  stableId("run", `${tenantId}:${workflowId}:${mode}:${eventId}`);
