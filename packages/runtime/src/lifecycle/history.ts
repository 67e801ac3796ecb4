import type { Store } from "@switchyard/store";

/** Audit actions after which a version is live; their entries carry `detail.status` or imply live. */
const MADE_LIVE = new Set(["publish", "promote", "rollback"]);

/**
 * The versions of a definition in the order they became live, read from the audit log (the one
 * record of history nobody can quietly edit). The rollback target is the one before the current.
 */
export async function liveHistory(
  store: Store,
  tenantId: string,
  kind: string,
  id: string,
): Promise<number[]> {
  const object = `${kind}/${id}`;
  const versions: number[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await store.audit.list(tenantId, { afterSeq, limit: 1000 });
    if (page.length === 0) break;
    for (const entry of page) {
      if (entry.object !== object || !MADE_LIVE.has(entry.action) || entry.version === null) continue;
      const status = (entry.detail as { status?: string } | null)?.status;
      if (entry.action === "publish" && status !== undefined && status !== "live") continue;
      versions.push(entry.version);
    }
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
  return versions;
}

/** The version that was live before `current` (skipping repeats of `current` itself). */
export function previousLive(history: readonly number[], current: number): number | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const v = history[i];
    if (v !== undefined && v !== current) return v;
  }
  return undefined;
}
