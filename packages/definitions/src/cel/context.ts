import type { CelIssueCode, CelScope } from "./issues.js";
import type { Expr, Locator, Span } from "./spans.js";
import { type CelType, CelTypes } from "./types.js";

/** Where a value came from, when it is (part of) a variable: lets select chains become field reads. */
export interface Origin {
  readonly variable: string;
  readonly path: readonly string[];
  /** Offset of the variable's name, where the read is reported. */
  readonly offset: number;
  readonly entity?: string;
  readonly field?: string;
}

/** A checked sub-expression: its type and, for variable data, its origin. */
export interface Typed {
  readonly type: CelType;
  readonly origin?: Origin;
}

/** How the parent uses a node; select chains record one read for the whole chain, at its end. */
export interface VisitOptions {
  readonly inChain?: boolean;
}

/**
 * What the node checkers share. check.ts implements it; operators and macros receive it rather
 * than importing check.ts, which keeps the modules free of import cycles.
 */
export interface Checker {
  readonly loc: Locator;
  readonly scope: CelScope;
  readonly macroCalls: Readonly<Record<string, Expr>>;
  visit(expr: Expr, options?: VisitOptions): Typed;
  /** Resolves a comprehension variable or a scope variable. */
  lookup(name: string): Typed | undefined;
  /** Runs `body` with comprehension variables bound, restoring any names they shadow. */
  withLocals<T>(locals: ReadonlyMap<string, Typed>, body: () => T): T;
  report(code: CelIssueCode, message: string, hint: string, span: Span): void;
  recordRead(origin: Origin): void;
}

/** The type of anything after an error: checking goes on without cascading complaints. */
export const DYN: Typed = { type: CelTypes.dyn };

/** A bare type, with no origin. */
export function typed(type: CelType): Typed {
  return { type };
}
