import type { DataPath } from "../diagnostics/index.js";
import type { Catalog } from "../project/index.js";
import type { LocatedRead } from "../semantics/expressions.js";
import { componentVersions, parseComponentRef } from "../semantics/components.js";
import { declaresConsent, hasConsentRecord, isConsentRecord, resolveRead } from "./fields.js";
import { gatedInScope, ownerOf, type StepSite, startsWith } from "./steps.js";

/** A customer-facing step that uses a field without the consent it needs (or with no consent model). */
export interface ConsentGap {
  readonly kind: "missing-consent" | "no-consent-field";
  readonly read: LocatedRead;
  /** The read's path relative to the workflow. */
  readonly at: DataPath;
  readonly step: string;
  readonly entity: string;
  readonly field: string;
  readonly purpose: string;
  /** Whether the entity has a field recording consent for the purpose at all. */
  readonly hasRecord: boolean;
}

/** The consent purpose of customer-facing steps: e-mails and marketing components. */
const PURPOSE = "marketing";

/**
 * Whether a step reaches customers: `core.send-email`, or a project component that makes external
 * calls and sits in the `marketing` category.
 */
export function isCustomerFacing(catalog: Catalog, component: string): boolean {
  const { id } = parseComponentRef(component);
  if (id === "core.send-email") return true;
  return componentVersions(catalog, id).some(
    (c) => c.category === PURPOSE && c.effects.includes("external-call"),
  );
}

interface WorkflowReads {
  readonly catalog: Catalog;
  readonly sites: readonly StepSite[];
  /** Reads with paths relative to the workflow. */
  readonly reads: readonly { read: LocatedRead; at: DataPath }[];
}

/** Whether an expression under `under` reads the entity's consent record for the purpose. */
function readsConsent(w: WorkflowReads, under: DataPath, entity: string, purpose: string): boolean {
  return w.reads.some(({ read, at }) => {
    if (!startsWith(at, under)) return false;
    const resolved = resolveRead(w.catalog, read);
    return resolved?.entity === entity && isConsentRecord(resolved.field, resolved.schema, purpose);
  });
}

/** Whether every way into the step (through enclosing for-each steps too) passes a consent check. */
function gated(w: WorkflowReads, site: StepSite, entity: string, purpose: string): boolean {
  const gates = (path: DataPath, edge: number): boolean =>
    readsConsent(w, [...path, "next", edge, "when"], entity, purpose);
  if (gatedInScope(site.scope, w.sites, site.step.id, gates)) return true;
  return site.parent !== undefined && gated(w, site.parent, entity, purpose);
}

/** The consent gaps of one customer-facing step, at most one per field. */
function stepGaps(w: WorkflowReads, site: StepSite): ConsentGap[] {
  const gaps = new Map<string, ConsentGap>();
  const own = [
    [...site.path, "config"],
    [...site.path, "inputs"],
  ];
  for (const { read, at } of w.reads) {
    if (!own.some((p) => startsWith(at, p)) || ownerOf(w.sites, at) !== site) continue;
    const resolved = resolveRead(w.catalog, read);
    if (!resolved) continue;
    const { entity, field, schema } = resolved;
    const key = `${entity}.${field}`;
    const purpose = schema["x-consent"];
    if (purpose !== undefined && !isConsentRecord(field, schema, purpose)) {
      const covered = own.some((p) => readsConsent(w, p, entity, purpose)) || gated(w, site, entity, purpose);
      if (covered || gaps.has(key)) continue;
      const hasRecord = hasConsentRecord(w.catalog, entity, purpose);
      gaps.set(key, {
        kind: "missing-consent",
        read,
        at,
        step: site.step.id,
        entity,
        field,
        purpose,
        hasRecord,
      });
    } else if (
      purpose === undefined &&
      schema["x-pii"] === "contact" &&
      startsWith(at, [...site.path, "config", "to"]) &&
      !declaresConsent(w.catalog, entity) &&
      !gaps.has(key)
    ) {
      const hasRecord = hasConsentRecord(w.catalog, entity, PURPOSE);
      if (hasRecord && gated(w, site, entity, PURPOSE)) continue;
      gaps.set(key, {
        kind: "no-consent-field",
        read,
        at,
        step: site.step.id,
        entity,
        field,
        purpose: PURPOSE,
        hasRecord,
      });
    }
  }
  return [...gaps.values()];
}

/** The consent gaps of one workflow's customer-facing steps. */
export function consentGaps(
  catalog: Catalog,
  sites: readonly StepSite[],
  reads: readonly LocatedRead[],
  prefix: DataPath,
): ConsentGap[] {
  const w: WorkflowReads = {
    catalog,
    sites,
    reads: reads.map((read) => ({ read, at: read.at.slice(prefix.length) })),
  };
  return sites
    .filter((site) => isCustomerFacing(catalog, site.step.component))
    .flatMap((site) => stepGaps(w, site));
}
