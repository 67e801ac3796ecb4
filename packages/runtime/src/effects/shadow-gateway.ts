import type { Entity } from "@switchyard/definitions";
import type { Store } from "@switchyard/store";
import type { EffectsGateway, RunInfo } from "../components/contract.js";
import type { Json } from "../expressions/index.js";
import { conformDates, validateRecord } from "./live-gateway.js";
import type { StagedEffects } from "./staged.js";

/** A shadow run's own record writes: visible to itself only, never to live data. */
export type ShadowOverlay = Record<string, Record<string, Json>>;

export interface ShadowGatewayOptions {
  readonly store: Store;
  readonly run: RunInfo;
  readonly key: string;
  readonly staged: StagedEffects;
  /** The run's overlay (kept in its state, so it survives restarts like everything else). */
  readonly overlay: ShadowOverlay;
  entity(id: string): Entity | undefined;
}

/**
 * The gateway of shadow runs: every effect is validated exactly as live, then recorded in the
 * step's effect ledger instead of being performed. Record writes land in the run's overlay (so the
 * run reads its own writes); nothing reaches live records, the outbox or notifications.
 */
export function createShadowGateway(o: ShadowGatewayOptions): EffectsGateway {
  const write = async (
    entityId: string,
    id: string | undefined,
    changes: Record<string, unknown>,
    op: "create" | "update",
  ) => {
    const entity = o.entity(entityId);
    const key = o.staged.nextKey(o.key, op);
    const recordId =
      id ?? (typeof changes.id === "string" && changes.id !== "" ? changes.id : `shadow_${key}`);
    const overlayKey = `${entityId}/${recordId}`;
    const base =
      op === "update"
        ? (o.overlay[overlayKey] ?? (await o.store.getRecord(o.run.tenantId, entityId, recordId))?.data ?? {})
        : {};
    const record = entity ? conformDates(entity, { ...base, ...changes }) : { ...base, ...changes };
    delete record.id;
    if (entity) validateRecord(entity, record);
    o.overlay[overlayKey] = record as Record<string, Json>;
    o.staged.summary.push({
      kind: op === "create" ? "record-create" : "record-update",
      target: overlayKey,
      detail: op === "create" ? record : changes,
    });
    return { id: recordId, record };
  };
  return {
    createRecord: (entity, data) => write(entity, undefined, data, "create"),
    updateRecord: (entity, id, changes) => write(entity, id, changes, "update"),
    sendEmail(message) {
      const outboxId = `shadow:${o.staged.nextKey(o.key, "email")}`;
      o.staged.summary.push({
        kind: "email",
        target: message.to.join(", "),
        detail: { subject: message.subject, body: message.body },
      });
      return { outboxId };
    },
    httpRequest(request) {
      const outboxId = `shadow:${o.staged.nextKey(o.key, "http")}`;
      o.staged.summary.push({
        kind: "http",
        target: `${request.method} ${request.url}`,
        detail: request.body ?? null,
      });
      return { outboxId };
    },
    notify(n) {
      const ids = n.recipients.map(() => `shadow:${o.staged.nextKey(o.key, "notify")}`);
      o.staged.summary.push({
        kind: "notification",
        target: n.recipients.join(", "),
        detail: { title: n.title },
      });
      return { ids };
    },
    // Shadow runs must not move live counters (round-robin would change who live assigns to).
    async nextCounter() {
      return 0;
    },
  };
}
