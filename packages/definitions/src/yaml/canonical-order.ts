import { isDefinitionKind, KIND_SCHEMAS } from "../schema/index.js";

interface SchemaNode {
  $id?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  discriminator?: { propertyName: string };
  const?: unknown;
}

const idsCache = new WeakMap<object, Map<string, SchemaNode>>();

/** Recursive schemas refer to themselves by `$id`; collect them so `$ref`s can be followed. */
function schemaIds(root: SchemaNode): Map<string, SchemaNode> {
  let ids = idsCache.get(root);
  if (ids) return ids;
  ids = new Map();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    const id = (node as SchemaNode).$id;
    if (typeof id === "string" && !ids.has(id)) ids.set(id, node as SchemaNode);
    stack.push(...Object.values(node));
  }
  idsCache.set(root, ids);
  return ids;
}

/** The schema of a definition by its kind, for ordering. */
export function schemaOfDefinition(value: unknown): SchemaNode | undefined {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return isDefinitionKind(kind) ? (KIND_SCHEMAS[kind] as SchemaNode) : undefined;
}

/** Where a value's properties are described: follows `$ref` and picks the branch a tagged union names. */
export function resolveBranch(
  schema: SchemaNode | undefined,
  value: unknown,
  root: SchemaNode,
): SchemaNode | undefined {
  let node = schema;
  for (let hops = 0; node?.$ref !== undefined && hops < 8; hops++) node = schemaIds(root).get(node.$ref);
  const branches = node?.oneOf ?? node?.anyOf;
  if (!branches || typeof value !== "object" || value === null) return node;
  const tag = node?.discriminator?.propertyName;
  const tagValue = tag ? (value as Record<string, unknown>)[tag] : undefined;
  const byTag = tag ? branches.find((b) => b.properties?.[tag]?.const === tagValue) : undefined;
  const byKeys = branches.find(
    (b) => b.properties && Object.keys(value).every((k) => k in (b.properties ?? {})),
  );
  return resolveBranch(byTag ?? byKeys ?? branches.find((b) => b.properties), value, root);
}

/** The schema for a child property or item of a value described by `node`. */
export function childSchema(node: SchemaNode | undefined, key: string | number): SchemaNode | undefined {
  if (!node) return undefined;
  if (typeof key === "number") return node.items;
  const prop = node.properties?.[key];
  if (prop) return prop;
  return typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
}

/**
 * Canonical key order for a mapping: the schema's property order first, then any other keys in
 * the order they were written (maps of user-chosen names, such as `vars`, keep the author's order).
 */
export function orderKeys(keys: readonly string[], node: SchemaNode | undefined): string[] {
  const known = Object.keys(node?.properties ?? {});
  if (known.length === 0) return [...keys];
  const rank = new Map(known.map((k, i) => [k, i]));
  return [...keys].sort((a, b) => (rank.get(a) ?? known.length) - (rank.get(b) ?? known.length));
}

export type { SchemaNode };
