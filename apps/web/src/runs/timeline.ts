import { formatValue } from "../governance/ui/format";

/** A run as `GET /api/runs` lists it. */
export interface RunSummary {
  readonly id: string;
  readonly workflowId: string;
  readonly version: number;
  readonly mode: string;
  readonly trigger: string;
  readonly eventId: string | null;
  readonly parentRunId: string | null;
  readonly status: string;
  readonly error: StepErrorView | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

/** An error as steps and runs store it: a code, a message and (often) a hint. */
export interface StepErrorView {
  readonly code?: string;
  readonly message?: string;
  readonly hint?: string;
}

/** One step execution of a run's timeline (`GET /api/runs/{id}`). */
export interface StepExecution {
  readonly stepId: string;
  readonly tokenId: string;
  readonly attempt: number;
  readonly status: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly error: StepErrorView | null;
  readonly explanation: unknown;
  readonly effects: readonly { kind: string; target: string; detail: unknown }[] | null;
  readonly startedAt: string;
  readonly finishedAt: string;
}

const EFFECT_LABELS: Record<string, string> = {
  "record-create": "Record created",
  "record-update": "Record updated",
  email: "E-mail",
  http: "HTTP request",
  notification: "Notification",
};

/** An effect as one line: "E-mail to a@x: {"subject":"Hi"}". */
export function describeEffect(effect: { kind: string; target: string; detail: unknown }): string {
  const label = EFFECT_LABELS[effect.kind] ?? effect.kind;
  const joiner = effect.kind === "email" || effect.kind === "notification" ? " to " : ": ";
  const detail =
    effect.detail === null || effect.detail === undefined ? "" : ` — ${formatValue(effect.detail, 200)}`;
  return `${label}${joiner}${effect.target}${detail}`;
}

/** A decision's explanation, read defensively from what the engine stored. */
export interface ExplanationView {
  readonly summary?: string;
  readonly rules: readonly { id: string; fired: boolean; weight?: number; reason?: string }[];
  readonly inputs: readonly { name: string; value: string }[];
  readonly result?: string;
  readonly route: readonly { to: string; when?: string; result: boolean; taken: boolean }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Splits a stored explanation (component explanation plus `route`) into parts to show; null when empty. */
export function explanationView(explanation: unknown): ExplanationView | null {
  if (!isObject(explanation)) return null;
  const rules = Array.isArray(explanation.rules)
    ? explanation.rules.filter(isObject).map((r) => ({
        id: String(r.id ?? "?"),
        fired: r.fired === true,
        ...(typeof r.weight === "number" ? { weight: r.weight } : {}),
        ...(typeof r.reason === "string" ? { reason: r.reason } : {}),
      }))
    : [];
  const inputs = isObject(explanation.inputs)
    ? Object.entries(explanation.inputs).map(([name, value]) => ({ name, value: formatValue(value) }))
    : [];
  const route = isObject(explanation.route) ? explanation.route : {};
  const taken = new Set(Array.isArray(route.taken) ? route.taken.map(String) : []);
  const evaluated = Array.isArray(route.evaluated)
    ? route.evaluated.filter(isObject).map((e) => ({
        to: String(e.to),
        ...(typeof e.when === "string" ? { when: e.when } : {}),
        result: e.result === true,
        taken: taken.has(String(e.to)),
      }))
    : [];
  const view: ExplanationView = {
    ...(typeof explanation.summary === "string" ? { summary: explanation.summary } : {}),
    rules,
    inputs,
    ...(explanation.result === undefined ? {} : { result: formatValue(explanation.result, 200) }),
    route: evaluated,
  };
  const empty =
    !view.summary && !rules.length && !inputs.length && view.result === undefined && !evaluated.length;
  return empty ? null : view;
}

/** The query string of the run list's filters; empty values left out. */
export function runsQuery(filters: { workflow?: string; status?: string; limit?: number }): string {
  const params = new URLSearchParams();
  if (filters.workflow?.trim()) params.set("workflow", filters.workflow.trim());
  if (filters.status) params.set("status", filters.status);
  if (filters.limit) params.set("limit", String(filters.limit));
  const text = params.toString();
  return text ? `?${text}` : "";
}
