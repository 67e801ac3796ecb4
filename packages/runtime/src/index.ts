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
