/**
 * Operators. Arithmetic and ordering come from the overload table; equality, `in`, indexing,
 * the logical operators and `?:` have rules of their own (gradual, and lenient about null).
 */
import { type Checker, DYN, type Typed, typed, type VisitOptions } from "./context.js";
import { selectField } from "./fields.js";
import { formatPattern, overloadsOf, resolve } from "./functions.js";
import { arithmeticHint, compareHint, conditionHint, numericMixHint } from "./hints.js";
import type { Expr } from "./spans.js";
import {
  type CelType,
  CelTypes,
  comparable,
  formatCelType,
  isDyn,
  isNumeric,
  joinTypes,
  withArticle,
} from "./types.js";

type Call = Extract<Expr["exprKind"], { case: "callExpr" }>["value"];

const SYMBOLS: Readonly<Record<string, string>> = {
  "_+_": "+",
  "_-_": "-",
  "_*_": "*",
  "_/_": "/",
  "_%_": "%",
  "_<_": "<",
  "_<=_": "<=",
  "_>_": ">",
  "_>=_": ">=",
  "-_": "-",
};

/** Checks an operator call; undefined when `call` is an ordinary function, not an operator. */
export function checkOperator(c: Checker, expr: Expr, call: Call, options: VisitOptions): Typed | undefined {
  const args = call.args;
  switch (call.function) {
    case "_&&_":
    case "_||_":
    case "!_":
      for (const arg of args) requireBool(c, arg, call.function === "!_" ? "!" : call.function.slice(1, 3));
      return typed(CelTypes.bool);
    case "@not_strictly_false":
      for (const arg of args) c.visit(arg);
      return typed(CelTypes.bool);
    case "_?_:_":
      return checkTernary(c, args);
    case "_==_":
    case "_!=_":
      return checkEquality(c, expr, args);
    case "@in":
      return checkIn(c, expr, args);
    case "_[_]":
      return checkIndex(c, expr, args, options);
    default:
      return call.function in SYMBOLS ? checkTabled(c, expr, call.function, args) : undefined;
  }
}

function requireBool(c: Checker, arg: Expr, op: string): void {
  const { type } = c.visit(arg);
  if (type.kind === "bool" || isDyn(type)) return;
  const text = c.loc.text(arg);
  c.report(
    "cel/type",
    `${op} needs true/false, but ${text} is ${withArticle(type)}`,
    conditionHint(text, type),
    c.loc.span(arg),
  );
}

function checkTernary(c: Checker, args: readonly Expr[]): Typed {
  const [cond, yes, no] = args;
  if (cond === undefined || yes === undefined || no === undefined) return DYN;
  const condition = c.visit(cond).type;
  if (condition.kind !== "bool" && !isDyn(condition)) {
    const text = c.loc.text(cond);
    c.report(
      "cel/type",
      `The condition before ? must be true/false, but ${text} is ${withArticle(condition)}`,
      conditionHint(text, condition),
      c.loc.span(cond),
    );
  }
  const a = c.visit(yes).type;
  const b = c.visit(no).type;
  // `x ? value : null` is the usual way to say "nothing"; keep the value's type.
  if (a.kind === "null") return typed(b);
  if (b.kind === "null") return typed(a);
  return typed(joinTypes(a, b));
}

function checkEquality(c: Checker, expr: Expr, args: readonly Expr[]): Typed {
  const [left, right] = args.map((a) => c.visit(a).type);
  if (left && right && !comparable(left, right)) {
    c.report(
      "cel/type",
      `cannot compare ${formatCelType(left)} with ${formatCelType(right)}: ${c.loc.text(expr)}`,
      compareHint(left, right),
      c.loc.span(expr),
    );
  }
  return typed(CelTypes.bool);
}

function checkIn(c: Checker, expr: Expr, args: readonly Expr[]): Typed {
  const [needle, haystack] = args;
  if (needle === undefined || haystack === undefined) return typed(CelTypes.bool);
  const item = c.visit(needle).type;
  const container = c.visit(haystack).type;
  const containerText = c.loc.text(haystack);
  if (container.kind === "list" || container.kind === "map" || container.kind === "object") {
    const want =
      container.kind === "list"
        ? container.element
        : container.kind === "map"
          ? container.key
          : CelTypes.string;
    if (!comparable(item, want)) {
      const what = container.kind === "list" ? "items" : "keys";
      c.report(
        "cel/type",
        `cannot look for ${withArticle(item)} in ${withArticle(container)}: ${c.loc.text(expr)}`,
        `The value on the left of 'in' must be the same kind as the ${what} (${formatCelType(want)})`,
        c.loc.span(expr),
      );
    }
  } else if (!isDyn(container)) {
    const hint =
      container.kind === "string"
        ? `To search inside text, use contains: ${containerText}.contains(${c.loc.text(needle)})`
        : `'in' looks for a value in a list, e.g. ${c.loc.text(needle)} in ["a", "b"]`;
    c.report(
      "cel/type",
      `'in' needs a list or a map on the right, but ${containerText} is ${withArticle(container)}`,
      hint,
      c.loc.span(expr),
    );
  }
  return typed(CelTypes.bool);
}

function checkIndex(c: Checker, expr: Expr, args: readonly Expr[], options: VisitOptions): Typed {
  const [base, index] = args;
  if (base === undefined || index === undefined) return DYN;
  const operand = c.visit(base, { inChain: true });
  const key = c.visit(index).type;
  const result = indexResult(c, expr, base, index, operand, key);
  if (!options.inChain && result.origin?.entity !== undefined) c.recordRead(result.origin);
  return result;
}

function indexResult(c: Checker, expr: Expr, base: Expr, index: Expr, operand: Typed, key: CelType): Typed {
  const type = operand.type;
  const baseText = c.loc.text(base);
  const constant = index.exprKind.case === "constExpr" ? index.exprKind.value.constantKind : undefined;
  if (type.kind === "object" && constant?.case === "stringValue") {
    const site = { fieldSpan: c.loc.span(index), operandText: baseText };
    return selectField(c, operand, constant.value, site);
  }
  if (isDyn(type)) return operand.origin ? { type, origin: operand.origin } : DYN;
  if (type.kind === "list") {
    if (key.kind === "int" || key.kind === "uint" || isDyn(key)) return { ...operand, type: type.element };
    c.report(
      "cel/type",
      `A list position must be a whole number (int), not ${withArticle(key)}: ${c.loc.text(expr)}`,
      `Lists are numbered from 0: ${baseText}[0] is the first item`,
      c.loc.span(index),
    );
    return DYN;
  }
  if (type.kind === "map" || type.kind === "object") {
    const keyType = type.kind === "map" ? type.key : CelTypes.string;
    if (comparable(key, keyType)) return type.kind === "map" ? { ...operand, type: type.value } : DYN;
    c.report(
      "cel/type",
      `The keys of ${baseText} are ${formatCelType(keyType)}, not ${formatCelType(key)}: ${c.loc.text(expr)}`,
      `Look up ${withArticle(keyType)} key instead`,
      c.loc.span(index),
    );
    return DYN;
  }
  const hint =
    type.kind === "string"
      ? `Text can't be indexed; use substring, e.g. ${baseText}.substring(0, 1) for the first character`
      : "Only lists and maps can be indexed with [ ]";
  c.report("cel/type", `cannot index ${withArticle(type)}: ${c.loc.text(expr)}`, hint, c.loc.span(expr));
  return DYN;
}

/** Arithmetic, negation and ordering: the overload table decides, and the message explains. */
function checkTabled(c: Checker, expr: Expr, fn: string, args: readonly Expr[]): Typed {
  const types = args.map((a) => c.visit(a).type);
  const overloads = overloadsOf(fn) ?? [];
  const result = resolve(overloads, undefined, types);
  if (result !== undefined) return typed(result);
  const [left = CelTypes.dyn, right = CelTypes.dyn] = types;
  const op = SYMBOLS[fn] ?? fn;
  const text = c.loc.text(expr);
  const valid = overloads.map((o) => o.args.map(formatPattern).join(` ${op} `));
  const hint = tabledHint(c, fn, args, [left, right], valid);
  c.report("cel/type", `${operatorMessage(fn, left, right)}: ${text}`, hint, c.loc.span(expr));
  return DYN;
}

const ORDERING = new Set(["_<_", "_<=_", "_>_", "_>=_"]);

function tabledHint(
  c: Checker,
  fn: string,
  args: readonly Expr[],
  [left, right]: readonly [CelType, CelType],
  valid: readonly string[],
): string {
  if (fn === "-_") return `Only numbers can be negated; - works on: ${valid.map((v) => `-${v}`).join(", ")}`;
  if (ORDERING.has(fn)) return compareHint(left, right);
  const operands = numericOperands(c, args);
  if (isNumeric(left) && isNumeric(right)) return numericMixHint(left, right, operands);
  return arithmeticHint(SYMBOLS[fn] ?? fn, left, right, valid, operands);
}

function operatorMessage(fn: string, left: CelType, right: CelType): string {
  const l = formatCelType(left);
  const r = formatCelType(right);
  switch (fn) {
    case "_+_":
      return `cannot add ${l} and ${r}`;
    case "_-_":
      return `cannot subtract ${r} from ${l}`;
    case "_*_":
      return `cannot multiply ${l} by ${r}`;
    case "_/_":
      return `cannot divide ${l} by ${r}`;
    case "_%_":
      return `cannot take the remainder of ${l} divided by ${r}`;
    case "-_":
      return `cannot negate ${l}`;
    default:
      return `cannot compare ${l} with ${r}`;
  }
}

function numericOperands(c: Checker, args: readonly Expr[]) {
  const [left, right] = args;
  const literal = (e: Expr | undefined): string | undefined => {
    const k = e?.exprKind.case === "constExpr" ? e.exprKind.value.constantKind : undefined;
    return k?.case === "int64Value" ? String(k.value) : undefined;
  };
  const leftLiteral = literal(left);
  const rightLiteral = literal(right);
  return {
    leftText: left ? c.loc.text(left) : "",
    rightText: right ? c.loc.text(right) : "",
    ...(leftLiteral !== undefined && { leftLiteral }),
    ...(rightLiteral !== undefined && { rightLiteral }),
  };
}
