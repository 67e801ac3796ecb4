/**
 * Undo and redo over snapshots of the YAML text. Immutable: every operation returns a new history,
 * so React state can hold it directly.
 */
export interface History {
  readonly past: readonly string[];
  readonly present: string;
  readonly future: readonly string[];
}

/** How many snapshots are kept behind the present. */
export const HISTORY_LIMIT = 200;

/** A history whose present is `text`, with nothing to undo. */
export function startHistory(text: string): History {
  return { past: [], present: text, future: [] };
}

/** Records `text` as the new present (a no-op when it equals the present); clears redo. */
export function record(history: History, text: string): History {
  if (text === history.present) return history;
  const past = [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: text, future: [] };
}

/** Steps back one snapshot, if there is one. */
export function undo(history: History): History {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

/** Steps forward one snapshot, if there is one. */
export function redo(history: History): History {
  const next = history.future[0];
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: history.future.slice(1) };
}
