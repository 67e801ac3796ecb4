/**
 * @switchyard/definitions — the definition language.
 *
 * Workflows, entities, forms, components, regional variants and bundles, written as YAML and
 * described by JSON Schemas (2020-12). This package parses them safely, validates shape and
 * meaning, type-checks their CEL expressions, and reports every problem as a located,
 * actionable diagnostic. It is pure: no file system, network or database, so it runs in the
 * server, the CLI and the browser alike.
 */
export * from "./cel/index.js";
export * from "./compliance/index.js";
export * from "./components/index.js";
export * from "./diagnostics/index.js";
export * from "./diff/index.js";
export * from "./project/index.js";
export * from "./schema/index.js";
export { compileEntitySchema, fieldTypeSignature } from "./semantics/entity.js";
export type { LocatedRead } from "./semantics/expressions.js";
export { fieldAt, WIDGET_TYPES } from "./semantics/form.js";
export { resolveEntityVariant, resolveWorkflowVariant } from "./semantics/variant.js";
export { forEachStep } from "./semantics/workflow-graph.js";
export * from "./yaml/index.js";
