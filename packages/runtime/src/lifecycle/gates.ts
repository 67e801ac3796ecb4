import { parseDuration, type ShadowPolicy } from "@switchyard/definitions";
import type { Approval, ShadowSession } from "@switchyard/store";

/** One promotion gate: what it requires, what the shadow run shows, and whether that is enough. */
export interface GateResult {
  readonly id: "min-duration" | "min-events" | "max-error-rate" | "boundary-violations" | "approval";
  readonly passed: boolean;
  readonly required: string;
  readonly actual: string;
  readonly message: string;
}

/** What the gates read from the shadow report. */
export interface GateEvidence {
  readonly events: number;
  readonly shadowErrors: number;
  readonly anomalies: number;
  readonly boundaryViolations: number;
}

export const DEFAULT_MIN_DURATION_MS = 72 * 3_600_000;
export const DEFAULT_MAX_ERROR_RATE = 0.01;

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)}h`;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Checks a shadow version against its workflow's `shadow` policy. Exposure: the minimum duration
 * (72 hours unless the policy says otherwise) and the minimum event count when set — a policy
 * that sets only `minEvents` asks for events instead of time. Then the error-and-anomaly rate,
 * boundary violations, and an approver's sign-off by someone other than the author.
 */
export function evaluateGates(input: {
  readonly policy: ShadowPolicy | undefined;
  readonly session: ShadowSession | undefined;
  readonly evidence: GateEvidence;
  readonly approvals: readonly Approval[];
  readonly author: string;
  readonly now: number;
}): GateResult[] {
  const { policy = {}, session, evidence, approvals, author, now } = input;
  const gates: GateResult[] = [];
  const timeOnly = policy.minDuration === undefined && policy.minEvents !== undefined;
  if (!timeOnly) {
    const required = (policy.minDuration && parseDuration(policy.minDuration)) || DEFAULT_MIN_DURATION_MS;
    const elapsed = session ? (session.stoppedAt ?? now) - session.startedAt : 0;
    gates.push({
      id: "min-duration",
      passed: session !== undefined && elapsed >= required,
      required: `at least ${hours(required)} in shadow`,
      actual: session ? `${hours(elapsed)} so far` : "never ran in shadow",
      message:
        session === undefined
          ? "Start a shadow run first (switchyard shadow start)."
          : elapsed >= required
            ? "Ran in shadow long enough."
            : `Keep it in shadow for another ${hours(required - elapsed)}.`,
    });
  }
  if (policy.minEvents !== undefined) {
    gates.push({
      id: "min-events",
      passed: evidence.events >= policy.minEvents,
      required: `at least ${policy.minEvents} events`,
      actual: `${evidence.events} events`,
      message:
        evidence.events >= policy.minEvents
          ? "Saw enough events."
          : `Needs ${policy.minEvents - evidence.events} more events (or replay stored ones).`,
    });
  }
  const maxRate = policy.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE;
  const bad = evidence.shadowErrors + evidence.anomalies;
  const rate = evidence.events === 0 ? 0 : bad / evidence.events;
  gates.push({
    id: "max-error-rate",
    passed: rate <= maxRate,
    required: `errors and anomalies at most ${percent(maxRate)}`,
    actual: `${percent(rate)} (${evidence.shadowErrors} errors, ${evidence.anomalies} anomalies in ${evidence.events} events)`,
    message:
      rate <= maxRate
        ? "Error rate within bounds."
        : "Fix the failing or anomalous runs shown in the report.",
  });
  const maxViolations = policy.maxBoundaryViolations ?? 0;
  gates.push({
    id: "boundary-violations",
    passed: evidence.boundaryViolations <= maxViolations,
    required: `at most ${maxViolations} records touched outside the owner's region`,
    actual: `${evidence.boundaryViolations}`,
    message:
      evidence.boundaryViolations <= maxViolations
        ? "Stayed inside its permission boundary."
        : "The report lists the records it touched outside its region; narrow the workflow's scope.",
  });
  if (policy.requireApproval ?? true) {
    const rejected = approvals.filter((a) => a.decision === "rejected");
    const approved = approvals.filter((a) => a.decision === "approved" && a.approver !== author);
    gates.push({
      id: "approval",
      passed: rejected.length === 0 && approved.length > 0,
      required: "signed off by an approver other than the author",
      actual:
        rejected.length > 0
          ? `rejected by ${rejected.map((a) => a.approver).join(", ")}`
          : approved.length > 0
            ? `approved by ${approved.map((a) => a.approver).join(", ")}`
            : "no sign-off yet",
      message:
        rejected.length > 0
          ? "An approver rejected this version; publish a corrected one."
          : approved.length > 0
            ? "Signed off."
            : "Ask an approver to review the shadow report and sign off (switchyard approve).",
    });
  }
  return gates;
}
