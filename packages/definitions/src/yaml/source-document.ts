import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Document as YamlDocument,
  type Node as YamlNode,
} from "yaml";
import type { DataPath, SourceLocation } from "../diagnostics/index.js";

/**
 * A parsed definition together with the means to map any path in it back to a line and column.
 * Everything after parsing works on `value` (plain data); diagnostics use `locate`.
 */
export class SourceDocument {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
    private readonly doc: YamlDocument.Parsed | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}

  /** The underlying YAML document, for serialisers that keep comments. */
  get yaml(): YamlDocument.Parsed | undefined {
    return this.doc;
  }

  /** Location of a byte offset in the source. */
  at(offset: number, endOffset?: number): SourceLocation {
    if (!this.lines) return { file: this.file, line: 1, column: 1 };
    const start = this.lines.linePos(offset);
    if (endOffset === undefined) return { file: this.file, line: start.line, column: start.col };
    const end = this.lines.linePos(endOffset);
    return { file: this.file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }

  /**
   * Location of the value at `path`, or of its nearest existing ancestor when the path runs past
   * what the file holds (a missing property is reported where it should have been written).
   */
  locate(path: DataPath): SourceLocation {
    const node = this.nodeAt(path);
    const range = node?.range;
    if (!range) return this.at(0);
    return this.at(range[0], range[1]);
  }

  /** Location of the key of the property at `path` (for unknown or misspelt properties). */
  locateKey(path: DataPath): SourceLocation {
    if (!this.doc || path.length === 0) return this.locate(path);
    const parent = this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && String(pair.key.value) === String(last) && pair.key.range) {
          return this.at(pair.key.range[0], pair.key.range[1]);
        }
      }
    }
    return this.locate(path);
  }

  /** Offset where the value at `path` starts, if it exists in the source (used to place CEL errors). */
  valueRange(path: DataPath): { start: number; end: number; source: string } | undefined {
    const node = this.nodeAt(path, true);
    if (!node?.range) return undefined;
    return {
      start: node.range[0],
      end: node.range[1],
      source: this.text.slice(node.range[0], node.range[1]),
    };
  }

  private nodeAt(path: DataPath, exact = false): YamlNode | undefined {
    if (!this.doc) return undefined;
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        next = pair?.value;
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment];
      }
      if (!isNode(next)) return exact ? undefined : (node as YamlNode);
      node = next;
    }
    return isNode(node) ? node : undefined;
  }
}

/**
 * Maps an offset inside a string scalar's value (e.g. a CEL expression) to its place in the file.
 * Exact for plain, quoted-without-escapes and literal block scalars; otherwise the scalar's start.
 */
export function locateInScalar(doc: SourceDocument, path: DataPath, valueOffset: number): SourceLocation {
  const range = doc.valueRange(path);
  if (!range) return doc.locate(path);
  const raw = range.source;
  const headerMatch = /^[|>][-+0-9]*[ \t]*(#[^\n]*)?\n/.exec(raw);
  if (headerMatch && raw.startsWith("|")) {
    const body = raw.slice(headerMatch[0].length);
    const lines = body.split("\n");
    const indent = Math.min(
      ...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
    );
    let remaining = valueOffset;
    let lineStart = range.start + headerMatch[0].length;
    for (const line of lines) {
      const content = line.length - indent;
      if (remaining <= content) return doc.at(lineStart + indent + remaining);
      remaining -= content + 1;
      lineStart += line.length + 1;
    }
    return doc.at(range.start);
  }
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  const inner = quoted ? raw.slice(1, -1) : raw;
  const escaped = quoted && (raw.startsWith('"') ? inner.includes("\\") : inner.includes("''"));
  if (!escaped && !inner.includes("\n")) return doc.at(range.start + (quoted ? 1 : 0) + valueOffset);
  return doc.at(range.start);
}
