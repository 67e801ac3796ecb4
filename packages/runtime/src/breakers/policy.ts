import { type BreakerPolicy, parseDuration, type Workflow } from "@switchyard/definitions";

/** A breaker policy with every default filled in. */
export interface EffectivePolicy {
  /** Share of bad (failed or anomalous) observations above which the breaker opens. */
  readonly errorRate: number;
  readonly windowMs: number;
  /** Fewest observations in the window before the rate counts. */
  readonly minRuns: number;
  readonly onOpen: "pause" | "rollback";
  /** After this long open, the breaker lets one probe run through by itself (undefined: by hand only). */
  readonly halfOpenAfterMs: number | undefined;
  readonly notify: readonly string[];
  readonly anomalies: NonNullable<BreakerPolicy["anomalies"]>;
}

/** Every live workflow version sits behind a breaker: these apply where the workflow says nothing. */
export const DEFAULT_BREAKER = {
  errorRate: 0.05,
  windowMs: 10 * 60_000,
  minRuns: 20,
} as const;

const policies = new WeakMap<Workflow, EffectivePolicy>();

/** The workflow's breaker policy with defaults filled in (cached: versions never change). */
export function effectivePolicy(workflow: Workflow): EffectivePolicy {
  let policy = policies.get(workflow);
  if (!policy) {
    policy = resolve(workflow);
    policies.set(workflow, policy);
  }
  return policy;
}

function resolve(workflow: Workflow): EffectivePolicy {
  const p = workflow.breaker ?? {};
  return {
    errorRate: p.errorRate ?? DEFAULT_BREAKER.errorRate,
    windowMs: (p.window && parseDuration(p.window)) || DEFAULT_BREAKER.windowMs,
    minRuns: p.minRuns ?? DEFAULT_BREAKER.minRuns,
    onOpen: p.onOpen ?? "pause",
    halfOpenAfterMs: p.halfOpenAfter ? parseDuration(p.halfOpenAfter) : undefined,
    notify: p.notify ?? [],
    anomalies: p.anomalies ?? [],
  };
}

/** Custom components get a breaker of their own, shared by every workflow that uses them. */
export const COMPONENT_BREAKER: EffectivePolicy = {
  errorRate: DEFAULT_BREAKER.errorRate,
  windowMs: DEFAULT_BREAKER.windowMs,
  minRuns: DEFAULT_BREAKER.minRuns,
  onOpen: "pause",
  halfOpenAfterMs: undefined,
  notify: [],
  anomalies: [],
};

export const workflowKey = (workflowId: string, version: number) => `workflow:${workflowId}@${version}`;
export const componentKey = (componentId: string, version: string) => `component:${componentId}@${version}`;

/** `workflow:<id>@<version>` → ["workflow", { id, version }] (the inverse of the two above). */
export function parseBreakerKey(key: string): [string, { id: string; version: string }] {
  const colon = key.indexOf(":");
  const at = key.lastIndexOf("@");
  return [key.slice(0, colon), { id: key.slice(colon + 1, at), version: key.slice(at + 1) }];
}
