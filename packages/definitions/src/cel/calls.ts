/** Function and method calls: `size(x)`, `record.name.startsWith("A")`, `strings.quote(s)`. */
import { type Checker, DYN, type Typed, typed, type VisitOptions } from "./context.js";
import { functionNames, methodsFor, type Overload, overloadsOf, resolve } from "./functions.js";
import { FUNCTION_ALIASES } from "./hints.js";
import { checkOperator } from "./operators.js";
import { type Expr, quoteName, type Span } from "./spans.js";
import { didYouMean, listNames } from "./suggest.js";
import { type CelType, CelTypes, formatCelType, withArticle } from "./types.js";

type Call = Extract<Expr["exprKind"], { case: "callExpr" }>["value"];

// The parser expands these when written correctly; a call that survives had the wrong arguments.
const MACRO_USAGE: Readonly<Record<string, string>> = {
  has: "has(record.email) (a field, read with a dot)",
  all: "list.all(x, x > 0)",
  exists: "list.exists(x, x > 0)",
  exists_one: "list.exists_one(x, x > 0)",
  map: "list.map(x, x * 2)",
  filter: "list.filter(x, x > 0)",
};

/** Checks any call node: operators first, then macros written wrongly, then the function table. */
export function checkCall(c: Checker, expr: Expr, call: Call, options: VisitOptions): Typed {
  const operator = checkOperator(c, expr, call, options);
  if (operator !== undefined) return operator;
  const usage = MACRO_USAGE[call.function];
  if (usage !== undefined && Object.hasOwn(MACRO_USAGE, call.function)) {
    return badMacro(c, expr, call, usage);
  }
  const name = qualifiedName(c, call);
  const target = name === call.function ? call.target : undefined;
  const receiver = target ? c.visit(target).type : undefined;
  const args = call.args.map((a) => c.visit(a).type);
  const overloads = overloadsOf(name);
  const nameSpan = functionNameSpan(c, expr, call, name);
  if (overloads === undefined) {
    unknownFunction(c, name, receiver, nameSpan);
    return DYN;
  }
  const result = resolve(overloads, receiver, args);
  if (result !== undefined) return typed(result);
  reportMismatch(c, expr, call, name, overloads, receiver, args);
  return DYN;
}

/** `strings.quote(x)`: a namespace in front of a function looks like a method on a variable. */
function qualifiedName(c: Checker, call: Call): string {
  const target = call.target;
  if (target?.exprKind.case !== "identExpr") return call.function;
  const namespace = target.exprKind.value.name;
  if (c.lookup(namespace) !== undefined) return call.function;
  const qualified = `${namespace}.${call.function}`;
  // Neither a known namespace function nor a known method: report the whole dotted name.
  if (overloadsOf(qualified) !== undefined || overloadsOf(call.function) === undefined) return qualified;
  return call.function;
}

function functionNameSpan(c: Checker, expr: Expr, call: Call, name: string): Span {
  if (name === call.function && call.target) return c.loc.nameAfterDot(expr, call.function);
  if (name !== call.function && call.target) {
    const start = c.loc.span(call.target).offset;
    return { offset: start, length: name.length };
  }
  return { offset: c.loc.offset(expr), length: name.length };
}

function badMacro(c: Checker, expr: Expr, call: Call, usage: string): Typed {
  // The arguments are not checked: they use loop variables that a malformed macro never binds.
  if (call.target) c.visit(call.target);
  c.report(
    "cel/syntax",
    `${call.function}() is not written correctly: ${c.loc.text(expr)}`,
    `Write it like ${usage}`,
    c.loc.span(expr),
  );
  return call.function === "map" || call.function === "filter" ? DYN : typed(CelTypes.bool);
}

function unknownFunction(c: Checker, name: string, receiver: CelType | undefined, span: Span): void {
  const alias = Object.hasOwn(FUNCTION_ALIASES, name) ? FUNCTION_ALIASES[name] : undefined;
  const candidates =
    receiver === undefined ? functionNames().filter((n) => isGlobal(n)) : methodsFor(receiver);
  let hint: string;
  if (c.lookup(name) !== undefined && receiver === undefined) {
    hint = `${quoteName(name)} is a value, not a function: write ${name} without ( )`;
  } else {
    const guess = alias !== undefined ? `Did you mean '${alias}'? ` : didYouMean(name, candidates);
    const where = receiver === undefined ? "Functions" : `Functions on ${formatCelType(receiver)}`;
    hint = `${guess}${where}: ${listNames(candidates, 12)}`;
  }
  c.report("cel/unknown-function", `Unknown function ${quoteName(name)}`, hint, span);
}

function isGlobal(name: string): boolean {
  return (overloadsOf(name) ?? []).some((o) => o.target === undefined);
}

function reportMismatch(
  c: Checker,
  expr: Expr,
  call: Call,
  name: string,
  overloads: readonly Overload[],
  receiver: CelType | undefined,
  args: readonly CelType[],
): void {
  const text = c.loc.text(expr);
  const methodStyle = overloads.some((o) => o.target !== undefined);
  const globalStyle = overloads.some((o) => o.target === undefined);
  const usage = `Use it as: ${[...new Set(overloads.map(signatureText))].slice(0, 6).join(", ")}`;
  let message: string;
  if (receiver === undefined && !globalStyle) {
    const [first, ...rest] = call.args.map((a) => c.loc.text(a));
    message = `'${name}' is written after a value: ${first ?? "value"}.${name}(${rest.join(", ")})`;
  } else if (receiver !== undefined && !methodStyle) {
    message = `'${name}' is written around the value: ${name}(${call.target ? c.loc.text(call.target) : "value"})`;
  } else if (receiver !== undefined && !overloads.some((o) => o.args.length === args.length)) {
    message = `'${name}' does not take ${args.length} argument${args.length === 1 ? "" : "s"}: ${text}`;
  } else if (receiver !== undefined && !receiverFits(overloads, receiver)) {
    message = `'${name}' can't be used on ${withArticle(receiver)}: ${text}`;
  } else {
    message = `'${name}' can't take (${args.map(formatCelType).join(", ")}): ${text}`;
  }
  c.report("cel/type", message, usage, c.loc.span(expr));
}

function receiverFits(overloads: readonly Overload[], receiver: CelType): boolean {
  return overloads.some(
    (o) => o.target !== undefined && resolve([{ ...o, args: [] }], receiver, []) !== undefined,
  );
}

/** `string.contains(string): bool` → `string.contains(string) → bool`. */
function signatureText(o: Overload): string {
  return o.text.replace(/\): /, ") → ").replace(/\b[A-Z]\b/g, "any");
}
