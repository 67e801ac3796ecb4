import type { OutboxItem, RunRow, Store } from "@switchyard/store";
import type { ResumeSignal, WaitRequest } from "../components/contract.js";
import type { RunState } from "../engine/run-state.js";
import { twinRunId } from "../engine/ids.js";

/**
 * How a shadow run's HTTP call is answered. A shadow never calls out, so it borrows the answer its
 * live twin got for the same request (same method and URL, in order): at once when the live call
 * has been answered, else by waiting for it. Without a live twin it goes on as if the call had
 * answered 200 with an empty body.
 */
export async function mirrorHttpReply(
  store: Store,
  run: RunRow,
  state: RunState,
  target: string,
): Promise<{ wait: WaitRequest } | { reply: ResumeSignal }> {
  const synthetic: ResumeSignal = {
    kind: "outbox",
    ok: true,
    result: { status: 200, body: null, shadow: true },
  };
  const eventId = state.event?.id;
  if (!eventId) return { reply: synthetic };
  const used = new Set(state.mirrored ?? []);
  const item = (await store.outboxOfRun(twinRunId(run, "live", eventId))).find(
    (o) => o.kind === "http" && targetOf(o) === target && !used.has(o.id),
  );
  if (!item) return { reply: synthetic };
  state.mirrored = [...used, item.id];
  if (item.status === "pending") return { wait: { kind: "outbox", outboxId: item.id } };
  return {
    reply: {
      kind: "outbox",
      ok: item.status === "sent",
      result: { ...(item.result as object | null), shadow: true },
      ...(item.status === "failed" ? { error: item.lastError ?? "the live call failed" } : {}),
    },
  };
}

function targetOf(item: OutboxItem): string {
  const p = item.payload as { method?: string; url?: string };
  return `${p.method ?? ""} ${p.url ?? ""}`;
}
