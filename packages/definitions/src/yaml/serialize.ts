import { Document, isMap, isScalar, isSeq, type ToStringOptions, type Node as YamlNode } from "yaml";
import {
  childSchema,
  orderKeys,
  resolveBranch,
  type SchemaNode,
  schemaOfDefinition,
} from "./canonical-order.js";
import { parseSource } from "./parse-source.js";

/** The one output style: two-space indent, no line folding (clean diffs). */
const STYLE: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  singleQuote: false,
};

/** A collection of short scalars is written on one line (`{ type: string }`, `[a, b]`) when it fits. */
const FLOW_MAX_WIDTH = 80;

function orderValue(value: unknown, schema: SchemaNode | undefined, root: SchemaNode): unknown {
  if (Array.isArray(value))
    return value.map((item) => orderValue(item, resolveBranch(childSchema(schema, 0), item, root), root));
  if (typeof value !== "object" || value === null) return value;
  const node = resolveBranch(schema, value, root);
  const out: Record<string, unknown> = {};
  for (const key of orderKeys(Object.keys(value), node)) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined)
      out[key] = orderValue(child, resolveBranch(childSchema(node, key), child, root), root);
  }
  return out;
}

/**
 * Writes a definition as canonical YAML: keys in schema order, short scalar collections on one
 * line, everything else in block style. Stable: serialising the parse of its output gives the same
 * bytes, so diffs between versions show only real changes.
 */
export function serializeDefinition(value: unknown): string {
  const root = schemaOfDefinition(value) ?? {};
  const ordered = orderValue(value, root, root);
  const doc = new Document(ordered);
  canonicalizeNode(doc.contents, ordered, root, root);
  return doc.toString(STYLE);
}

/**
 * Rewrites YAML text in canonical form, keeping its comments (they travel with the keys they sit
 * on). Returns undefined when the text does not parse; validate it for the reasons.
 */
export function formatSource(text: string, file = "<input>"): string | undefined {
  const parsed = parseSource(text, file);
  const doc = parsed.document?.yaml;
  if (!doc) return undefined;
  const value = parsed.document?.value;
  const root = schemaOfDefinition(value) ?? {};
  // A comment above the first key is the file's header (e.g. the schema modeline): keep it on top.
  const contents = doc.contents;
  const firstKey = isMap(contents) ? contents.items[0]?.key : undefined;
  if (isScalar(firstKey) && firstKey.commentBefore) {
    doc.commentBefore = doc.commentBefore
      ? `${doc.commentBefore}\n${firstKey.commentBefore}`
      : firstKey.commentBefore;
    firstKey.commentBefore = undefined;
  }
  canonicalizeNode(contents, value, root, root);
  return doc.toString(STYLE);
}

function canonicalizeNode(
  node: unknown,
  value: unknown,
  schema: SchemaNode | undefined,
  root: SchemaNode,
): void {
  if (isScalar(node)) {
    // Plain style unless the value needs quotes (the library decides); multi-line text as a block.
    node.type = typeof node.value === "string" && node.value.includes("\n") ? "BLOCK_LITERAL" : undefined;
    return;
  }
  if (isSeq(node)) {
    const items = Array.isArray(value) ? value : [];
    node.items.forEach((item, i) => {
      canonicalizeNode(item, items[i], resolveBranch(childSchema(schema, 0), items[i], root), root);
    });
    node.flow = fitsOnOneLine(node.items);
    return;
  }
  if (!isMap(node)) return;
  const object = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const branch = resolveBranch(schema, object, root);
  const keyOf = (pair: (typeof node.items)[number]) => (isScalar(pair.key) ? String(pair.key.value) : "");
  const order = orderKeys(node.items.map(keyOf), branch);
  node.items.sort((a, b) => order.indexOf(keyOf(a)) - order.indexOf(keyOf(b)));
  for (const pair of node.items) {
    const key = keyOf(pair);
    if (isScalar(pair.key)) pair.key.type = undefined;
    canonicalizeNode(
      pair.value,
      object[key],
      resolveBranch(childSchema(branch, key), object[key], root),
      root,
    );
  }
  node.flow = fitsOnOneLine(node.items.flatMap((pair) => [pair.key, pair.value]));
}

/** True when every part is a short one-line scalar without comments, and together they fit a line. */
function fitsOnOneLine(parts: readonly unknown[]): boolean {
  let width = 4;
  for (const part of parts) {
    if (!isScalar(part) || (part as YamlNode).comment || (part as YamlNode).commentBefore) return false;
    const text = part.value === null ? "null" : String(part.value);
    if (text.includes("\n")) return false;
    width += text.length + 2;
  }
  return width <= FLOW_MAX_WIDTH;
}
