/**
 * The expression checker: parses a CEL expression and walks it once, inferring types, collecting
 * issues (continuing with `dyn` after each, so independent problems are all reported) and noting
 * which entity fields it reads.
 */
import { checkCall } from "./calls.js";
import { type Checker, DYN, type Origin, type Typed, typed, type VisitOptions } from "./context.js";
import { selectField } from "./fields.js";
import { conditionHint } from "./hints.js";
import type { CelCheckResult, CelIssue, CelIssueCode, CelScope, FieldRead } from "./issues.js";
import { checkComprehension } from "./macros.js";
import { type Expr, Locator, quoteName, type Span, shorten } from "./spans.js";
import { didYouMean, listNames } from "./suggest.js";
import { parseExpression } from "./syntax.js";
import { assignable, type CelType, CelTypes, formatCelType, isDyn, joinTypes, withArticle } from "./types.js";

/** Options for {@link checkExpression}. */
export interface CheckOptions {
  /** The type the caller needs, e.g. `bool` for conditions; a mismatch is an issue. */
  readonly expect?: CelType;
}

// One mistake can surface in many places; past this many, more issues only bury the first ones.
const MAX_ISSUES = 50;

// Type denotations CEL lets expressions name, as in `type(x) == string`.
const TYPE_NAMES = new Set([
  "bool",
  "bytes",
  "double",
  "dyn",
  "int",
  "list",
  "map",
  "null_type",
  "string",
  "type",
  "uint",
]);

type Select = Extract<Expr["exprKind"], { case: "selectExpr" }>["value"];
type Struct = Extract<Expr["exprKind"], { case: "structExpr" }>["value"];
type Constant = Extract<Expr["exprKind"], { case: "constExpr" }>["value"];

class ExpressionChecker implements Checker {
  readonly issues: CelIssue[] = [];
  private readonly issueKeys = new Set<string>();
  private readonly reads = new Map<string, FieldRead>();
  private readonly locals = new Map<string, Typed>();

  constructor(
    readonly loc: Locator,
    readonly scope: CelScope,
    readonly macroCalls: Readonly<Record<string, Expr>>,
  ) {}

  visit(expr: Expr, options: VisitOptions = {}): Typed {
    const kind = expr.exprKind;
    switch (kind.case) {
      case "constExpr":
        return typed(constantType(kind.value));
      case "identExpr":
        return this.ident(expr, kind.value.name);
      case "selectExpr":
        return this.select(expr, kind.value, options);
      case "callExpr":
        return checkCall(this, expr, kind.value, options);
      case "listExpr":
        return typed(CelTypes.list(this.common(kind.value.elements.map((e) => this.visit(e).type))));
      case "structExpr":
        return this.struct(expr, kind.value);
      case "comprehensionExpr":
        return checkComprehension(this, expr, kind.value);
      default:
        return DYN;
    }
  }

  lookup(name: string): Typed | undefined {
    const local = this.locals.get(name);
    if (local !== undefined) return local;
    const variables = this.scope.variables;
    const type = Object.hasOwn(variables, name) ? variables[name] : undefined;
    return type === undefined ? undefined : { type };
  }

  withLocals<T>(locals: ReadonlyMap<string, Typed>, body: () => T): T {
    const saved = new Map([...locals.keys()].map((name) => [name, this.locals.get(name)]));
    for (const [name, value] of locals) this.locals.set(name, value);
    try {
      return body();
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) this.locals.delete(name);
        else this.locals.set(name, value);
      }
    }
  }

  report(code: CelIssueCode, message: string, hint: string, span: Span): void {
    const key = `${code}:${span.offset}:${message}`;
    if (this.issues.length >= MAX_ISSUES || this.issueKeys.has(key)) return;
    this.issueKeys.add(key);
    this.issues.push({ code, message, hint, offset: span.offset, length: span.length });
  }

  recordRead(origin: Origin): void {
    const key = JSON.stringify([origin.variable, ...origin.path]);
    if (this.reads.has(key)) return;
    const read: FieldRead = { variable: origin.variable, path: origin.path, offset: origin.offset };
    if (origin.entity !== undefined) read.entity = origin.entity;
    if (origin.field !== undefined) read.field = origin.field;
    this.reads.set(key, read);
  }

  fieldReads(): FieldRead[] {
    return [...this.reads.values()];
  }

  private ident(expr: Expr, name: string): Typed {
    const found = this.lookup(name);
    const offset = this.loc.offset(expr);
    if (found !== undefined) {
      // Locals carry the origin of what they iterate; a scope variable is its own origin.
      if (!this.locals.has(name)) return { type: found.type, origin: { variable: name, path: [], offset } };
      return found.origin ? { type: found.type, origin: { ...found.origin, offset } } : found;
    }
    if (TYPE_NAMES.has(name)) return DYN;
    const names = Object.keys(this.scope.variables);
    const hint =
      names.length === 0
        ? "No variables are available in this expression"
        : `${didYouMean(name, names)}Available here: ${listNames(names, 12)}`;
    this.report("cel/unknown-variable", `Unknown variable ${quoteName(name)}`, hint, {
      offset,
      length: name.length,
    });
    return DYN;
  }

  private select(expr: Expr, select: Select, options: VisitOptions): Typed {
    const operandExpr = select.operand;
    if (operandExpr === undefined) return DYN;
    const operand = this.visit(operandExpr, { inChain: true });
    const fieldSpan = select.testOnly
      ? (this.loc.nameWithin(this.loc.span(expr), select.field) ?? this.loc.span(expr))
      : this.loc.nameAfterDot(expr, select.field);
    const result = selectField(this, operand, select.field, {
      fieldSpan,
      operandText: this.loc.text(operandExpr),
    });
    const chainEnds = select.testOnly || !options.inChain;
    if (chainEnds && result.origin?.entity !== undefined) this.recordRead(result.origin);
    return select.testOnly ? typed(CelTypes.bool) : result;
  }

  private struct(expr: Expr, struct: Struct): Typed {
    const keys: CelType[] = [];
    const values: CelType[] = [];
    for (const entry of struct.entries) {
      if (entry.keyKind.case === "mapKey") keys.push(this.mapKey(entry.keyKind.value));
      if (entry.value) values.push(this.visit(entry.value).type);
    }
    if (struct.messageName !== "") {
      this.report(
        "cel/type",
        `Creating typed objects (${struct.messageName}{...}) is not supported`,
        'Use a map instead, e.g. {"name": record.name}',
        this.loc.span(expr),
      );
      return DYN;
    }
    return typed(CelTypes.map(this.common(keys), this.common(values)));
  }

  private mapKey(key: Expr): CelType {
    const { type } = this.visit(key);
    if (["string", "int", "uint", "bool", "dyn"].includes(type.kind)) return type;
    this.report(
      "cel/type",
      `A map key can't be ${withArticle(type)}: ${this.loc.text(key)}`,
      "Map keys must be text, whole numbers or true/false",
      this.loc.span(key),
    );
    return CelTypes.dyn;
  }

  private common(types: readonly CelType[]): CelType {
    const [first, ...rest] = types;
    return first === undefined ? CelTypes.dyn : rest.reduce(joinTypes, first);
  }
}

function constantType(constant: Constant): CelType {
  switch (constant.constantKind.case) {
    case "boolValue":
      return CelTypes.bool;
    case "int64Value":
      return CelTypes.int;
    case "uint64Value":
      return CelTypes.uint;
    case "doubleValue":
      return CelTypes.double;
    case "stringValue":
      return CelTypes.string;
    case "bytesValue":
      return CelTypes.bytes;
    case "nullValue":
      return CelTypes.null;
    case "durationValue":
      return CelTypes.duration;
    case "timestampValue":
      return CelTypes.timestamp;
    default:
      return CelTypes.dyn;
  }
}

/**
 * Type-checks a CEL expression against the variables in `scope`. Never throws, whatever the input:
 * syntax errors, limits and internal failures all come back as issues.
 */
export function checkExpression(source: string, scope: CelScope, options: CheckOptions = {}): CelCheckResult {
  try {
    return checkParsed(source, scope, options);
  } catch (error) {
    const hint = `This is a bug in the expression checker; please report it (${shorten(String(error))})`;
    const issue: CelIssue = {
      code: "cel/syntax",
      message: "The expression could not be checked",
      hint,
      offset: 0,
      length: source.length,
    };
    return { ok: false, type: CelTypes.dyn, issues: [issue], reads: [] };
  }
}

function checkParsed(source: string, scope: CelScope, options: CheckOptions): CelCheckResult {
  const outcome = parseExpression(source);
  if (!outcome.ok) return { ok: false, type: CelTypes.dyn, issues: [outcome.issue], reads: [] };
  const { parsed, lexed } = outcome;
  const sourceInfo = parsed.sourceInfo;
  const loc = new Locator(source, lexed, sourceInfo?.positions ?? {});
  const checker = new ExpressionChecker(loc, scope, sourceInfo?.macroCalls ?? {});
  const { type } = checker.visit(parsed.expr);
  if (options.expect !== undefined) checkExpected(checker, parsed.expr, type, options.expect);
  const issues = sortIssues(checker.issues);
  return { ok: issues.length === 0, type, issues, reads: checker.fieldReads() };
}

/** Issues in source order, whatever order the walk found them in. */
export function sortIssues(issues: readonly CelIssue[]): CelIssue[] {
  return [...issues].sort((a, b) => a.offset - b.offset);
}

function checkExpected(checker: ExpressionChecker, expr: Expr, type: CelType, expect: CelType): void {
  if (isDyn(type) || assignable(type, expect)) return;
  const span = checker.loc.span(expr);
  const text = checker.loc.text(expr);
  if (expect.kind === "bool") {
    checker.report(
      "cel/not-boolean",
      `This condition gives ${withArticle(type)}, not true/false`,
      conditionHint(text, type),
      span,
    );
    return;
  }
  checker.report(
    "cel/type",
    `This expression gives ${withArticle(type)}, but ${withArticle(expect)} is needed`,
    `Convert it, e.g. ${formatCelType(expect)}(${text}), or use a different value`,
    span,
  );
}
