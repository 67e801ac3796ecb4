import type { DataPath, SourceLocation } from "../diagnostics/index.js";

/** The finding codes of the compliance scan; stable, documented in `docs/compliance.md`. */
export type ComplianceCode =
  "compliance/sensitive-decision" | "compliance/missing-consent" | "compliance/no-consent-field";

/**
 * How a finding weighs on publishing: `blocked` stops it, `justified` is a sensitive read a person
 * has accepted with a recorded reason, `warning` is shown but does not stop it.
 */
export type ComplianceSeverity = "blocked" | "justified" | "warning";

/** A recorded reason for using a sensitive field in a decision, given by a named person. */
export interface Justification {
  readonly workflow: string;
  /** The step it covers; without it, every step of the workflow (and its `vars`). */
  readonly step?: string;
  /** The field as `entity.field`, e.g. `lead-capture.lead.region`. */
  readonly field: string;
  readonly reason: string;
  readonly by: string;
}

/** Options of {@link scanCompliance}. */
export interface ComplianceOptions {
  readonly justifications?: readonly Justification[];
}

/** One compliance problem in one workflow, with where it is and what to do about it. */
export interface ComplianceFinding {
  readonly code: ComplianceCode;
  readonly severity: ComplianceSeverity;
  readonly workflow: string;
  /** The step the expression belongs to; absent for workflow-level `vars`. */
  readonly step?: string;
  /** The field as `entity.field`, e.g. `lead-capture.lead.gender`. */
  readonly field: string;
  /** The `x-sensitive` category for sensitive reads; the consent purpose for consent findings. */
  readonly reason: string;
  readonly message: string;
  readonly hint: string;
  /** The definition's file. */
  readonly file: string;
  /** Path of the expression inside the file, e.g. `["steps", 3, "config", "rules", 0, "when"]`. */
  readonly at: DataPath;
  readonly location: SourceLocation;
  /** The justification that downgraded the finding to `justified`. */
  readonly justification?: { readonly reason: string; readonly by: string };
}
