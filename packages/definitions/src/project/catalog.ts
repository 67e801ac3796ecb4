import type { DataPath } from "../diagnostics/index.js";
import type { Bundle, Component, DefinitionKind, Entity, Form, Variant, Workflow } from "../schema/index.js";
import type { SourceDocument } from "../yaml/index.js";

/** A definition and where it came from: its file, and its path inside it (non-empty inside a bundle). */
export interface Located<T> {
  readonly value: T;
  readonly doc: SourceDocument;
  readonly path: DataPath;
  /** False when the definition failed shape validation: it exists, but is not checked further. */
  readonly wellFormed: boolean;
}

interface KindMap {
  workflow: Workflow;
  entity: Entity;
  form: Form;
  component: Component;
  variant: Variant;
  bundle: Bundle;
}

/** Every definition of a project, by kind and id, so references between them can be resolved. */
export class Catalog {
  private readonly byKind = new Map<DefinitionKind, Map<string, Located<unknown>[]>>();

  add<K extends DefinitionKind>(kind: K, id: string, entry: Located<KindMap[K]>): void {
    let ids = this.byKind.get(kind);
    if (!ids) {
      ids = new Map();
      this.byKind.set(kind, ids);
    }
    const list = ids.get(id) ?? [];
    list.push(entry);
    ids.set(id, list);
  }

  /** All entries with this kind and id (more than one is a duplicate, or several component versions). */
  all<K extends DefinitionKind>(kind: K, id: string): Located<KindMap[K]>[] {
    return (this.byKind.get(kind)?.get(id) ?? []) as Located<KindMap[K]>[];
  }

  get<K extends DefinitionKind>(kind: K, id: string): Located<KindMap[K]> | undefined {
    return this.all(kind, id)[0];
  }

  has(kind: DefinitionKind, id: string): boolean {
    return this.all(kind, id).length > 0;
  }

  ids(kind: DefinitionKind): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }

  entries<K extends DefinitionKind>(kind: K): Located<KindMap[K]>[] {
    return [...(this.byKind.get(kind)?.values() ?? [])].flat() as Located<KindMap[K]>[];
  }
}
