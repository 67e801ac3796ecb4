import type { NotificationRow, OutboxItem, RecordWrite } from "@switchyard/store";

/** A short description of one effect, for the run's timeline and (later) the shadow comparison. */
export interface EffectSummary {
  readonly kind: "record-create" | "record-update" | "email" | "http" | "notification";
  readonly target: string;
  readonly detail: unknown;
}

/** Effects a step asked for, held until the step's commit writes them all at once. */
export class StagedEffects {
  readonly recordWrites: RecordWrite[] = [];
  readonly outbox: OutboxItem[] = [];
  readonly notifications: NotificationRow[] = [];
  readonly summary: EffectSummary[] = [];
  private count = 0;

  /** The n-th effect of this step instance: stable across replays, so keys repeat exactly. */
  nextKey(base: string, kind: string): string {
    this.count += 1;
    return `${base}:${kind}:${this.count}`;
  }
}
