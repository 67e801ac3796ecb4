import type { Catalog } from "../project/index.js";
import type { FieldSchema } from "../schema/index.js";
import type { LocatedRead } from "../semantics/expressions.js";

/** A read resolved to an entity field, with that field's schema. */
export interface ResolvedRead {
  readonly read: LocatedRead;
  readonly entity: string;
  readonly field: string;
  readonly schema: FieldSchema;
}

/** Resolves a read to its entity field's schema, or `undefined` when it does not read an entity field. */
export function resolveRead(catalog: Catalog, read: LocatedRead): ResolvedRead | undefined {
  const { entity, field } = read;
  if (entity === undefined || field === undefined) return undefined;
  const schema = catalog.get("entity", entity)?.value.schema.properties[field];
  return schema ? { read, entity, field, schema } : undefined;
}

/**
 * Whether a field records consent for `purpose`: a boolean marked `x-consent: <purpose>`, or a
 * boolean named `<purpose>_consent` (the convention of the examples).
 */
export function isConsentRecord(name: string, schema: FieldSchema, purpose: string): boolean {
  return schema.type === "boolean" && (schema["x-consent"] === purpose || name === `${purpose}_consent`);
}

/** Whether the entity has a field recording consent for `purpose`. */
export function hasConsentRecord(catalog: Catalog, entity: string, purpose: string): boolean {
  const properties = catalog.get("entity", entity)?.value.schema.properties ?? {};
  return Object.entries(properties).some(([name, schema]) => isConsentRecord(name, schema, purpose));
}

/** Whether the entity marks any field with `x-consent`. */
export function declaresConsent(catalog: Catalog, entity: string): boolean {
  const properties = catalog.get("entity", entity)?.value.schema.properties ?? {};
  return Object.values(properties).some((schema) => schema["x-consent"] !== undefined);
}
