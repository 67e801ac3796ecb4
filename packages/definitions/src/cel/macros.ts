/**
 * Comprehension macros (`all`, `exists`, `exists_one`, `map`, `filter`). The parser expands them
 * into loops over a hidden accumulator; checking the expansion would blame the hidden parts, so
 * the user's own condition and transform are picked back out of the known expansion shapes.
 */
import { type Checker, DYN, type Typed, typed } from "./context.js";
import { conditionHint } from "./hints.js";
import type { Expr } from "./spans.js";
import { type CelType, CelTypes, isDyn, withArticle } from "./types.js";

type Comprehension = Extract<Expr["exprKind"], { case: "comprehensionExpr" }>["value"];

/** The user-written parts of a macro: its condition and, for `map`, its transform. */
interface MacroParts {
  readonly predicate?: Expr;
  readonly transform?: Expr;
}

/** Checks a comprehension: the loop variable takes the list's element type (or the map's key type). */
export function checkComprehension(c: Checker, expr: Expr, comp: Comprehension): Typed {
  const macro = macroName(c, expr);
  const range = comp.iterRange ? c.visit(comp.iterRange) : DYN;
  const element = iterationType(c, macro, comp.iterRange, range.type);
  const locals = new Map<string, Typed>();
  locals.set(comp.iterVar, range.origin ? { type: element, origin: range.origin } : { type: element });
  if (comp.iterVar2 !== "") locals.set(comp.iterVar2, DYN);
  const parts = macroParts(macro, comp);
  return c.withLocals(locals, () => (parts ? checkParts(c, macro, parts, element) : checkLoop(c, comp)));
}

function macroName(c: Checker, expr: Expr): string {
  const call = c.macroCalls[String(expr.id)];
  return call?.exprKind.case === "callExpr" ? call.exprKind.value.function : "";
}

function iterationType(c: Checker, macro: string, rangeExpr: Expr | undefined, type: CelType): CelType {
  switch (type.kind) {
    case "list":
      return type.element;
    case "map":
      return type.key;
    case "object":
      return CelTypes.string;
    case "dyn":
      return CelTypes.dyn;
    default: {
      const text = rangeExpr ? c.loc.text(rangeExpr) : "the value";
      const hint =
        type.kind === "string"
          ? "To test text, use contains(), startsWith(), endsWith() or matches()"
          : `Use ${macro || "it"}() on a list, e.g. record.tags.${macro || "exists"}(t, t == "vip")`;
      const name = macro ? `${macro}()` : "This loop";
      c.report(
        "cel/type",
        `${name} works on lists and maps, but ${text} is ${withArticle(type)}`,
        hint,
        rangeExpr ? c.loc.span(rangeExpr) : { offset: 0, length: 0 },
      );
      return CelTypes.dyn;
    }
  }
}

function callOf(e: Expr | undefined) {
  return e?.exprKind.case === "callExpr" ? e.exprKind.value : undefined;
}

function onlyElement(e: Expr | undefined): Expr | undefined {
  return e?.exprKind.case === "listExpr" ? e.exprKind.value.elements[0] : undefined;
}

/** Finds the user's expressions in the expansion; undefined if the shape is not the expected one. */
function macroParts(macro: string, comp: Comprehension): MacroParts | undefined {
  const step = callOf(comp.loopStep);
  if (step === undefined) return undefined;
  switch (macro) {
    case "all":
    case "exists":
      return step.args[1] ? { predicate: step.args[1] } : undefined;
    case "exists_one":
    case "filter":
      return step.function === "_?_:_" && step.args[0] ? { predicate: step.args[0] } : undefined;
    case "map": {
      if (step.function === "_+_") {
        const transform = onlyElement(step.args[1]);
        return transform ? { transform } : undefined;
      }
      const transform = onlyElement(callOf(step.args[1])?.args[1]);
      return step.args[0] && transform ? { predicate: step.args[0], transform } : undefined;
    }
    default:
      return undefined;
  }
}

function checkParts(c: Checker, macro: string, parts: MacroParts, element: CelType): Typed {
  if (parts.predicate) requireCondition(c, macro, parts.predicate);
  const transform = parts.transform ? c.visit(parts.transform).type : undefined;
  if (macro === "map") return typed(CelTypes.list(transform ?? CelTypes.dyn));
  if (macro === "filter") return typed(CelTypes.list(element));
  return typed(CelTypes.bool);
}

function requireCondition(c: Checker, macro: string, predicate: Expr): void {
  const { type } = c.visit(predicate);
  if (type.kind === "bool" || isDyn(type)) return;
  const text = c.loc.text(predicate);
  c.report(
    "cel/type",
    `The condition in ${macro}() must give true/false, but ${text} is ${withArticle(type)}`,
    conditionHint(text, type),
    c.loc.span(predicate),
  );
}

/** An expansion of unknown shape: check every part, with the accumulator typed by its start value. */
function checkLoop(c: Checker, comp: Comprehension): Typed {
  const init = comp.accuInit ? c.visit(comp.accuInit) : DYN;
  return c.withLocals(new Map([[comp.accuVar, typed(init.type)]]), () => {
    if (comp.loopCondition) c.visit(comp.loopCondition);
    if (comp.loopStep) c.visit(comp.loopStep);
    return comp.result ? typed(c.visit(comp.result).type) : DYN;
  });
}
