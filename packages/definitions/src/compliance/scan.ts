import type { DataPath, SourceLocation } from "../diagnostics/index.js";
import type { CheckedDefinition, ProjectReport } from "../project/index.js";
import type { Workflow } from "../schema/index.js";
import type { LocatedRead } from "../semantics/expressions.js";
import { locateInScalar } from "../yaml/index.js";
import { type ConsentGap, consentGaps } from "./consent.js";
import type { ComplianceFinding, ComplianceOptions, Justification } from "./finding.js";
import { type SensitiveRead, sensitiveReads } from "./sensitive.js";
import { stepSites } from "./steps.js";

/**
 * The compliance scan run before publishing (scenario 10). Pure: it reads only the project report.
 *
 * - A decision (`core.score`, `core.assign`, `core.switch`, any edge condition, `vars`) that reads
 *   an `x-sensitive` field is `blocked`, or `justified` when a matching justification is passed.
 * - A customer-facing step (`core.send-email`, marketing components with external calls) that uses
 *   a field marked `x-consent: <purpose>` is `blocked` unless the step, or every path to it, checks
 *   the entity's consent record for that purpose.
 * - An e-mail to a contact field of an entity with no consent marks at all is a `warning`.
 *
 * Only valid workflows are scanned; findings are in file order.
 */
export function scanCompliance(project: ProjectReport, options: ComplianceOptions = {}): ComplianceFinding[] {
  const justifications = options.justifications ?? [];
  return project.definitions.flatMap((checked) => {
    if (checked.kind !== "workflow" || !checked.valid) return [];
    const workflow = checked.definition as Workflow;
    const doc = project.catalog.all("workflow", checked.id).find((e) => e.value === checked.definition)?.doc;
    if (!doc) return [];
    const sites = stepSites(workflow);
    const place = (read: LocatedRead): Place => ({
      file: checked.file,
      at: read.at,
      location: locateInScalar(doc, read.at, read.offset),
    });
    const sensitive = dedupe(sensitiveReads(project.catalog, sites, checked.reads, checked.path)).map((s) =>
      sensitiveFinding(checked, s, place(s.read), justifications),
    );
    const consent = consentGaps(project.catalog, sites, checked.reads, checked.path).map((g) =>
      consentFinding(checked, g, place(g.read)),
    );
    return [...sensitive, ...consent].sort(
      (a, b) => a.location.line - b.location.line || a.location.column - b.location.column,
    );
  });
}

/** Where a finding is: the file, the expression's path in it, and the read's line and column. */
interface Place {
  readonly file: string;
  readonly at: DataPath;
  readonly location: SourceLocation;
}

/** One finding per field and expression: `record.region == 'a' || record.region == 'b'` is one. */
function dedupe(reads: SensitiveRead[]): SensitiveRead[] {
  const seen = new Set<string>();
  return reads.filter((r) => {
    const key = JSON.stringify([r.field, r.at]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sensitiveFinding(
  checked: CheckedDefinition,
  s: SensitiveRead,
  place: Place,
  justifications: readonly Justification[],
): ComplianceFinding {
  const where = s.step === undefined ? "a workflow variable" : `step '${s.step}'`;
  const match = justifications.find(
    (j) => j.workflow === checked.id && j.field === s.field && (j.step === undefined || j.step === s.step),
  );
  return {
    code: "compliance/sensitive-decision",
    severity: match ? "justified" : "blocked",
    workflow: checked.id,
    ...(s.step === undefined ? {} : { step: s.step }),
    field: s.field,
    reason: s.category,
    message: `A decision in ${where} reads '${s.field}', which is sensitive (${s.category}).`,
    hint: "Remove the field from the rule, or record a justification (who and why) for using it.",
    file: place.file,
    at: place.at,
    location: place.location,
    ...(match ? { justification: { reason: match.reason, by: match.by } } : {}),
  };
}

function consentFinding(checked: CheckedDefinition, g: ConsentGap, place: Place): ComplianceFinding {
  const field = `${g.entity}.${g.field}`;
  const base = {
    workflow: checked.id,
    step: g.step,
    field,
    reason: g.purpose,
    file: place.file,
    at: place.at,
    location: place.location,
  };
  if (g.kind === "no-consent-field") {
    return {
      ...base,
      code: "compliance/no-consent-field",
      severity: "warning",
      message: `Step '${g.step}' e-mails '${field}', but '${g.entity}' records no consent for any purpose.`,
      hint: `Mark contact fields with 'x-consent: ${g.purpose}' and add a boolean '${g.purpose}_consent' field to check before the e-mail.`,
    };
  }
  return {
    ...base,
    code: "compliance/missing-consent",
    severity: "blocked",
    message: `Step '${g.step}' uses '${field}' for ${g.purpose} without checking the recorded ${g.purpose} consent.`,
    hint: g.hasRecord
      ? `Reach the step only through a condition that reads the ${g.purpose} consent field of '${g.entity}'.`
      : `'${g.entity}' has no field recording ${g.purpose} consent: add a boolean '${g.purpose}_consent' (or one marked 'x-consent: ${g.purpose}') and check it before the step.`,
  };
}
