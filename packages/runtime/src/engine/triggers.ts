import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Workflow } from "@switchyard/definitions";
import { CelTypes } from "@switchyard/definitions";
import type { StoredEvent } from "@switchyard/store";
import { evaluate, type Json, toCel } from "../expressions/index.js";

const EVENT = CelTypes.object("event", {
  id: CelTypes.string,
  type: CelTypes.string,
  source: CelTypes.string,
  occurredAt: CelTypes.timestamp,
  payload: CelTypes.dyn,
});

/** The CEL view of an event (`event.payload`, `event.occurredAt` …). */
export function eventBinding(
  event: Pick<StoredEvent, "id" | "type" | "source" | "payload" | "occurredAt">,
): unknown {
  return toCel(
    {
      id: event.id,
      type: event.type,
      source: event.source,
      payload: event.payload,
      occurredAt: event.occurredAt,
    },
    EVENT,
  );
}

/** Which trigger of a workflow an event fires, if any: type match and a filter that holds. */
export function matchTrigger(
  workflow: Workflow,
  event: StoredEvent,
  now: number,
): { matched: boolean; error?: string } {
  for (const trigger of workflow.triggers) {
    const type =
      trigger.type === "event"
        ? trigger.event
        : trigger.type === "webhook"
          ? `webhook:${trigger.path}`
          : trigger.type === "schedule"
            ? `schedule:${workflow.id}`
            : undefined;
    if (type !== event.type) continue;
    if (trigger.type !== "event" || !trigger.filter) return { matched: true };
    try {
      if (evaluate(trigger.filter, { event: eventBinding(event), now: timestampFromMs(now) }) === true)
        return { matched: true };
    } catch (error) {
      return { matched: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  return { matched: false };
}

/** The record a run is about: `payload.record` when the event carries one, else the payload itself. */
export function recordOf(payload: Json): Json {
  if (
    payload &&
    typeof payload === "object" &&
    !Array.isArray(payload) &&
    payload.record &&
    typeof payload.record === "object"
  )
    return payload.record;
  return payload;
}
