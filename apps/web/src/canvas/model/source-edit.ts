import {
  Document,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Node as YamlNode,
  parseDocument,
  type ToStringOptions,
  YAMLMap,
  YAMLSeq,
} from "yaml";

/** A path into the YAML document: map keys and sequence indexes from the root. */
export type YamlPath = readonly (string | number)[];

/** How new fragments are written: two-space indent, no folding (matches the examples' style). */
const STYLE: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: true,
};

/**
 * Edits YAML text through the `yaml` Document API while keeping every byte outside the edited
 * fragment: each operation changes the AST with setIn/addIn/deleteIn, writes only the changed
 * node (or key, or list item) back into the text at its source range, and parses again. Comments,
 * key order, quoting and line folding elsewhere survive, which a whole-document
 * `doc.toString()` does not guarantee.
 */
export class SourceEditor {
  private current: string;
  private doc: Document;

  constructor(text: string) {
    this.current = text;
    this.doc = parseDocument(text);
  }

  /** The edited text. */
  get text(): string {
    return this.current;
  }

  /** The document as it is now (do not mutate; use the editing methods). */
  get document(): Document {
    return this.doc;
  }

  /** The plain value at `path`, or undefined. */
  get(path: YamlPath): unknown {
    const node = this.doc.getIn(path, true);
    return isScalar(node) ? node.value : isCollection(node) ? node.toJSON() : node;
  }

  /** Sets a map entry (`path` ends with the key): replaces its value in place, or appends the key. */
  set(path: YamlPath, value: unknown): void {
    const { parent, key } = this.splitPath(path);
    const map = this.doc.getIn(parent, true);
    if (!isMap(map)) throw new SourceEditError(`There is no map at ${parent.join(".") || "the root"}.`);
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    const end = map.range && !map.flow ? blockEnd(this.current, map) : 0;
    const plain = typeof value !== "object" || value === null;
    this.doc.setIn(path, plain && isScalar(pair?.value) ? value : this.doc.createNode(value));
    const after = this.doc.getIn(path, true) as YamlNode;
    if (pair && pair.value && isScalar(pair.value) && isScalar(after) && pair.value.range) {
      // A scalar keeps its quoting style; write just the scalar.
      const [start, end] = pair.value.range;
      this.splice(start, end, renderInline(after, this.lineIndent(start) + STYLE.indent!));
      return;
    }
    if (map.flow || !map.range) return this.rewriteNode(parent, map);
    const indent = this.keyIndent(map);
    const rendered = renderPair(key, after, indent);
    if (pair && isScalar(pair.key) && pair.key.range) {
      // Keep the comment lines above the key; replace the key line(s) and its value.
      this.splice(lineStart(this.current, pair.key.range[0]), pairEnd(this.current, pair), rendered);
    } else {
      this.insertAt(end, rendered);
    }
  }

  /** Removes a map entry, with the comment lines directly above it. */
  delete(path: YamlPath): void {
    const { parent, key } = this.splitPath(path);
    const map = this.doc.getIn(parent, true);
    if (!isMap(map)) return;
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) return;
    this.doc.deleteIn(path);
    if (map.flow || !isScalar(pair.key) || !pair.key.range) return this.rewriteNode(parent, map);
    const start = this.withLeadingComments(lineStart(this.current, pair.key.range[0]));
    this.splice(start, pairEnd(this.current, pair), "");
  }

  /** Appends an item to the list at `path`; creates the list (as a map entry) when it is missing. */
  append(path: YamlPath, value: unknown): void {
    const seq = this.doc.getIn(path, true);
    if (!isSeq(seq)) return this.set(path, [value]);
    const end = seq.range && !seq.flow ? blockEnd(this.current, seq) : 0;
    this.doc.addIn(path, this.doc.createNode(value));
    if (seq.flow || !seq.range || seq.items.length === 1) return this.rewriteNode(path, seq);
    const first = seq.items[0] as YamlNode;
    const indent = this.lineIndent(first.range![0]);
    const item = seq.items[seq.items.length - 1] as YamlNode;
    this.insertAt(end, renderItem(item, indent));
  }

  /** Removes item `index` of the list at `path`, with the comment lines directly above it. */
  remove(path: YamlPath, index: number): void {
    const seq = this.doc.getIn(path, true);
    if (!isSeq(seq)) return;
    const item = seq.items[index] as YamlNode | undefined;
    if (!item) return;
    this.doc.deleteIn([...path, index]);
    if (seq.flow || !item.range || seq.items.length === 0) return this.rewriteNode(path, seq);
    const start = this.withLeadingComments(lineStart(this.current, item.range[0]));
    this.splice(start, nodeEnd(this.current, item), "");
  }

  private splitPath(path: YamlPath): { parent: YamlPath; key: string } {
    const key = path[path.length - 1];
    if (typeof key !== "string") throw new SourceEditError("A map entry's path must end with its key.");
    return { parent: path.slice(0, -1), key };
  }

  /** Writes a whole (flow, or emptied) node again at its source range. */
  private rewriteNode(path: YamlPath, node: YamlNode): void {
    if (path.length === 0 || !node.range) {
      this.current = this.doc.toString(STYLE);
      this.doc = parseDocument(this.current);
      return;
    }
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1]!;
    const empty = isCollection(node) && node.items.length === 0;
    // An emptied list or map goes away with its key.
    if (empty && typeof key === "string") return this.delete(path);
    if (empty && typeof key === "number") return this.remove(parentPath, key);
    const [start, end] = node.range;
    this.splice(start, end, renderInline(node, this.lineIndent(start) + STYLE.indent!));
  }

  private keyIndent(map: YAMLMap): number {
    const first = map.items[0];
    const at = first && isScalar(first.key) && first.key.range ? first.key.range[0] : map.range![0];
    return at - lineStart(this.current, at);
  }

  private lineIndent(offset: number): number {
    const start = lineStart(this.current, offset);
    let i = start;
    while (this.current[i] === " ") i++;
    return i - start;
  }

  /** Extends a line start upwards over the comment lines directly above it. */
  private withLeadingComments(start: number): number {
    let at = start;
    while (at > 0) {
      const previous = lineStart(this.current, at - 1);
      if (!this.current.slice(previous, at).trimStart().startsWith("#")) break;
      at = previous;
    }
    return at;
  }

  private insertAt(offset: number, fragment: string): void {
    const needsBreak = offset > 0 && this.current[offset - 1] !== "\n";
    this.splice(offset, offset, (needsBreak ? "\n" : "") + fragment);
  }

  private splice(start: number, end: number, replacement: string): void {
    this.current = this.current.slice(0, start) + replacement + this.current.slice(end);
    this.doc = parseDocument(this.current);
  }
}

/** An edit that cannot be made, e.g. a key set inside something that is not a map. */
export class SourceEditError extends Error {
  readonly code = "canvas/source-edit";
  constructor(message: string) {
    super(message);
    this.name = "SourceEditError";
  }
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just after the line that holds `offset`. */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Where a block node's text ends: the start of the line after its last character. */
function nodeEnd(text: string, node: YamlNode): number {
  const [start, valueEnd] = node.range!;
  return valueEnd > start ? nextLineStart(text, valueEnd - 1) : nextLineStart(text, start);
}

function pairEnd(text: string, pair: { key: unknown; value: unknown }): number {
  const value = pair.value as YamlNode | null;
  if (value && value.range) return nodeEnd(text, value);
  return nextLineStart(text, (pair.key as YamlNode).range![1]);
}

/** Where a block collection's last item ends (new items and keys go there). */
function blockEnd(text: string, node: YAMLMap | YAMLSeq): number {
  let end = node.range![0];
  for (const item of node.items as unknown[]) {
    if (isPair(item) && isScalar(item.key) && item.key.range) end = Math.max(end, pairEnd(text, item));
    else if (isNode(item) && item.range) end = Math.max(end, nodeEnd(text, item));
  }
  return end;
}

function render(node: YamlNode): string {
  const doc = new Document(node);
  return doc.toString(STYLE);
}

/** A scalar or flow collection written inline; continuation lines get `indent`. */
function renderInline(node: YamlNode, indent: number): string {
  const text = render(node).replace(/\n$/, "");
  return text.split("\n").join("\n" + " ".repeat(indent));
}

function indentLines(text: string, indent: number): string {
  const pad = " ".repeat(indent);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

function renderPair(key: string, value: YamlNode, indent: number): string {
  const map = new YAMLMap();
  map.set(key, value);
  return indentLines(render(map), indent);
}

function renderItem(item: YamlNode, indent: number): string {
  const seq = new YAMLSeq();
  seq.items.push(item);
  return indentLines(render(seq), indent);
}
