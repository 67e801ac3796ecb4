export { createLiveGateway, type LiveGatewayOptions, validateRecord } from "./live-gateway.js";
export { type EffectSummary, StagedEffects } from "./staged.js";
