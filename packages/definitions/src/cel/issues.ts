import type { CelType } from "./types.js";

/** The checker's issue codes; a subset of the definitions' diagnostic codes, so callers can wrap them. */
export type CelIssueCode =
  | "cel/syntax"
  | "cel/type"
  | "cel/unknown-field"
  | "cel/unknown-variable"
  | "cel/unknown-function"
  | "cel/not-boolean";

/** One problem in an expression: what is wrong, how to fix it, and where (0-based, in the source). */
export interface CelIssue {
  code: CelIssueCode;
  message: string;
  hint: string;
  offset: number;
  length: number;
}

/**
 * A field of an entity record that an expression reads, e.g. `record.address.city` gives variable
 * `record`, path `["address", "city"]`, entity `lead`, field `address` (the top-level entity field).
 * Lets callers answer "which workflows use this field?" and check field-level permissions.
 */
export interface FieldRead {
  variable: string;
  path: readonly string[];
  entity?: string;
  field?: string;
  /** Where the read starts in the source (the variable name). */
  offset: number;
}

/** The outcome of checking: `ok` is true exactly when there are no issues. */
export interface CelCheckResult {
  ok: boolean;
  /** The result type; `dyn` where it could not be known, including after errors. */
  type: CelType;
  issues: CelIssue[];
  reads: FieldRead[];
}

/** The variables an expression may use, with their types. Callers decide what is in scope. */
export interface CelScope {
  readonly variables: Readonly<Record<string, CelType>>;
}
