/**
 * @switchyard/runtime — the workflow engine. Durable execution on the store, built-in components,
 * the effects gateway and outbox, and the QuickJS sandbox for custom script components.
 */
export * from "./components/contract.js";
export { implementationFor } from "./components/registry.js";
export { createLiveGateway, type EffectSummary, StagedEffects, validateRecord } from "./effects/index.js";
export {
  type Delivery,
  httpTransport,
  RecordingTransport,
  smtpTransport,
  type Transport,
} from "./effects/transports.js";
export { Engine, type EngineOptions, type EventInput, type Transports } from "./engine/engine.js";
export type { RunState, Token } from "./engine/run-state.js";
export { compile, evaluate, render } from "./expressions/index.js";
export { createSandbox, type Sandbox } from "./sandbox/index.js";
export { CircuitBreakers } from "./breakers/circuit-breakers.js";
export { ANOMALY_HELD, COMPONENT_HELD, HELD } from "./breakers/observe.js";
export { componentKey, DEFAULT_BREAKER, effectivePolicy, workflowKey } from "./breakers/policy.js";
export { evaluateGates, type GateResult } from "./lifecycle/gates.js";
export {
  Lifecycle,
  LifecycleError,
  type Lineage,
  type LifecycleOptions,
  type PublishOptions,
  type PublishResult,
  type PublishedVersion,
  type ShadowStatus,
} from "./lifecycle/lifecycle.js";
export type { PublishProblem } from "./lifecycle/publish-checks.js";
export * from "./shadow/index.js";
export { componentHash } from "./whitelist/content-hash.js";
export * from "./templates/index.js";
