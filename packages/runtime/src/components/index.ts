/**
 * Components: what a step does. Built-ins (`builtin/`, one module each) and custom script
 * components (`script.ts`, run in the sandbox) implement the contract in `contract.ts`; the
 * registry maps a manifest to its implementation. Components reach the world only through
 * `ctx.effects`, and fail with the stable codes in `errors.ts`.
 */
export * from "./contract.js";
export { COMPONENT_ERROR_CODES, type ComponentErrorCode } from "./errors.js";
export { builtinImplementations, implementationFor } from "./registry.js";
export { scriptImplementation } from "./script.js";
