/**
 * CEL expression checking for Switchyard definitions: edge conditions, trigger filters, data
 * bindings, form rules and `{{ }}` templates. Checking is static and pure: it needs only the
 * expression and the types of the variables in scope, and reports issues with a message, a hint
 * and an offset into the expression, plus the entity fields the expression reads.
 *
 * Evaluation is not here; the runtime plans the same parsed expressions with `@bufbuild/cel`.
 */
export { type CheckOptions, checkExpression } from "./check.js";
export { type JsonSchemaTypeOptions, typeFromJsonSchema } from "./from-json-schema.js";
export type { CelCheckResult, CelIssue, CelIssueCode, CelScope, FieldRead } from "./issues.js";
export { EXPRESSION_LIMITS } from "./syntax.js";
export { checkTemplate } from "./template.js";
export {
  type CelObjectOptions,
  type CelObjectType,
  type CelScalarKind,
  type CelType,
  CelTypes,
  formatCelType,
} from "./types.js";
