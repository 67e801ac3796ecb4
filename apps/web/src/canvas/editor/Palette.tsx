import { useDraggable } from "@dnd-kit/core";
import type { PaletteEntry } from "./api";

/** The drag data of a palette item. */
export interface PaletteDrag {
  readonly componentId: string;
  readonly label: string;
}

/** Whitelisted components grouped by category; drag one onto the canvas, or press it to add it. */
export function Palette({
  entries,
  disabled,
  onAdd,
}: {
  readonly entries: readonly PaletteEntry[];
  readonly disabled: boolean;
  onAdd(componentId: string, label: string): void;
}) {
  const groups = new Map<string, PaletteEntry[]>();
  for (const entry of entries) {
    const category = entry.manifest?.category ?? "other";
    groups.set(category, [...(groups.get(category) ?? []), entry]);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  return (
    <aside className="cv-palette" aria-label="Components">
      <h2>Components</h2>
      {entries.length === 0 && <p className="muted">No components are approved for this tenant yet.</p>}
      {sorted.map(([category, items]) => (
        <section key={category} aria-label={category}>
          <h3>{category}</h3>
          <ul>
            {items
              .sort((a, b) => label(a).localeCompare(label(b)))
              .map((entry) => (
                <PaletteItem
                  key={`${entry.componentId}@${entry.version}`}
                  entry={entry}
                  disabled={disabled}
                  onAdd={onAdd}
                />
              ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}

function label(entry: PaletteEntry): string {
  return entry.manifest?.name ?? entry.componentId;
}

function PaletteItem({
  entry,
  disabled,
  onAdd,
}: {
  readonly entry: PaletteEntry;
  readonly disabled: boolean;
  onAdd(componentId: string, label: string): void;
}) {
  const name = label(entry);
  const drag: PaletteDrag = { componentId: entry.componentId, label: name };
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `palette:${entry.componentId}@${entry.version}`,
    data: drag,
    disabled,
  });
  return (
    <li>
      <button
        ref={setNodeRef}
        type="button"
        className={`cv-palette-item${isDragging ? " is-dragging" : ""}`}
        data-testid={`palette-${entry.componentId}`}
        aria-label={`Add step: ${name} (${entry.componentId} ${entry.version})`}
        title={entry.manifest?.description ?? entry.componentId}
        disabled={disabled}
        {...attributes}
        {...listeners}
        onClick={() => onAdd(entry.componentId, name)}
      >
        <span className="cv-palette-name">{name}</span>
        <span className="cv-palette-id">{entry.componentId}</span>
      </button>
    </li>
  );
}
