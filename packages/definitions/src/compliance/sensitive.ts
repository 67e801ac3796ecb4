import type { DataPath } from "../diagnostics/index.js";
import type { Catalog } from "../project/index.js";
import type { LocatedRead } from "../semantics/expressions.js";
import { parseComponentRef } from "../semantics/components.js";
import { resolveRead } from "./fields.js";
import { ownerOf, type StepSite } from "./steps.js";

/** Components whose whole configuration decides something about the record. */
export const DECISION_COMPONENTS: ReadonlySet<string> = new Set(["core.score", "core.assign", "core.switch"]);

/** A read of an `x-sensitive` field by a decision, before severity and wording are settled. */
export interface SensitiveRead {
  readonly read: LocatedRead;
  /** The read's path relative to the workflow. */
  readonly at: DataPath;
  readonly step?: string;
  readonly field: string;
  readonly category: string;
}

/**
 * Whether an expression at `at` (relative to the workflow) takes part in a decision: `vars`
 * (they may feed any decision), any edge condition, and anything in a decision component's step.
 */
function isDecision(at: DataPath, owner: StepSite | undefined): boolean {
  if (at[0] === "vars") return true;
  if (!owner) return false;
  const rest = at.slice(owner.path.length);
  if (rest[0] === "next" && rest[2] === "when") return true;
  return DECISION_COMPONENTS.has(parseComponentRef(owner.step.component).id);
}

/** The reads of `x-sensitive` fields made by decisions in one workflow. */
export function sensitiveReads(
  catalog: Catalog,
  sites: readonly StepSite[],
  reads: readonly LocatedRead[],
  prefix: DataPath,
): SensitiveRead[] {
  const found: SensitiveRead[] = [];
  for (const read of reads) {
    const resolved = resolveRead(catalog, read);
    const category = resolved?.schema["x-sensitive"];
    if (!resolved || category === undefined) continue;
    const at = read.at.slice(prefix.length);
    const owner = ownerOf(sites, at);
    if (!isDecision(at, owner)) continue;
    found.push({
      read,
      at,
      ...(owner ? { step: owner.step.id } : {}),
      field: `${resolved.entity}.${resolved.field}`,
      category,
    });
  }
  return found;
}
