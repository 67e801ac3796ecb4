import type { parse } from "@bufbuild/cel";
import { type Lexed, tokenIndexAt } from "./lexer.js";

/** The parser's output; named here so no module imports `@bufbuild/cel-spec` directly. */
export type ParsedExpr = ReturnType<typeof parse>;
/** One node of the parsed expression. */
export type Expr = ParsedExpr["expr"];

/** A range of the source: 0-based offset and length, as issues report it. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/**
 * Turns parser node ids into source ranges. The parser records one offset per node (the `.` of a
 * select, the name of a call, roughly the operator of a binary expression) and no ends, so a node's
 * range is rebuilt from the offsets of its whole subtree, widened to balanced brackets.
 */
export class Locator {
  constructor(
    readonly source: string,
    private readonly lexed: Lexed,
    private readonly positions: Readonly<Record<string, number>>,
  ) {}

  /** The parser's offset for a node (0 if it has none). */
  offset(expr: Expr): number {
    return this.positions[String(expr.id)] ?? 0;
  }

  /** The whole source range a node covers, e.g. `record.name > 5` for the comparison node. */
  span(expr: Expr): Span {
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    for (const node of subtree(expr)) {
      const at = this.positions[String(node.id)];
      if (at === undefined) continue;
      const index = tokenIndexAt(this.lexed, at);
      const token = this.lexed.tokens[index];
      // Offsets of binary operators may point at the blank before the operator; tokens skip it.
      start = Math.min(start, token ? token.start : at);
      end = Math.max(end, this.nodeEnd(index, at));
    }
    if (start === Number.POSITIVE_INFINITY) return { offset: 0, length: this.source.length };
    return this.balance(start, end);
  }

  /**
   * Where the construct starting at token `index` ends: a select's offset is its `.`, so its field
   * follows; a call's name (or a message name) is followed by a bracketed part to include whole.
   */
  private nodeEnd(index: number, fallback: number): number {
    const tokens = this.lexed.tokens;
    let i = index;
    if (tokens[i]?.text === "." && tokens[i + 1]?.kind === "ident") i++;
    if (tokens[i]?.kind === "ident" && (tokens[i + 1]?.text === "(" || tokens[i + 1]?.text === "{")) i++;
    // A negative literal is one node but two tokens.
    if (tokens[i]?.text === "-" && tokens[i + 1]?.kind === "number") i++;
    const token = tokens[i];
    if (token === undefined) return fallback;
    const partner = token.kind === "open" ? this.lexed.partner.get(i) : undefined;
    return (partner === undefined ? undefined : tokens[partner]?.end) ?? token.end;
  }

  /**
   * The range of the name after a `.` at the node's offset: the field of a select, the function of
   * a method call. Falls back to the node's offset when the source does not look as expected.
   */
  nameAfterDot(expr: Expr, name: string): Span {
    const at = this.offset(expr);
    const index = tokenIndexAt(this.lexed, at);
    const dot = this.lexed.tokens[index];
    const next = this.lexed.tokens[index + 1];
    if (dot?.text === "." && next?.text === name) return { offset: next.start, length: name.length };
    return this.nameWithin(this.span(expr), name) ?? { offset: at, length: name.length };
  }

  /** The last token spelling `name` inside `span`, e.g. the field inside `has(record.x)`. */
  nameWithin(span: Span, name: string): Span | undefined {
    const first = tokenIndexAt(this.lexed, span.offset);
    const last = tokenIndexAt(this.lexed, span.offset + span.length);
    for (let i = last - 1; i >= first; i--) {
      const token = this.lexed.tokens[i];
      if (token?.text === name) return { offset: token.start, length: name.length };
    }
    return undefined;
  }

  /** Source text of a node for messages: whitespace collapsed, long text shortened. */
  text(expr: Expr): string {
    const { offset, length } = this.span(expr);
    return shorten(this.source.slice(offset, offset + length));
  }

  /** Widens [start, end) until every bracket inside it has its partner inside it too. */
  private balance(start: number, end: number): Span {
    let lo = start;
    let hi = end;
    for (let changed = true; changed;) {
      changed = false;
      const first = tokenIndexAt(this.lexed, lo);
      for (let i = first; i < this.lexed.tokens.length; i++) {
        const token = this.lexed.tokens[i];
        if (token === undefined || token.end > hi) break;
        const partner = this.lexed.partner.get(i);
        const other = partner === undefined ? undefined : this.lexed.tokens[partner];
        if (other && other.start < lo) [lo, changed] = [other.start, true];
        if (other && other.end > hi) [hi, changed] = [other.end, true];
      }
    }
    return { offset: lo, length: hi - lo };
  }
}

const MAX_SNIPPET = 60;

/** Collapses whitespace and cuts long text with an ellipsis, so messages stay one readable line. */
export function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_SNIPPET ? flat : `${flat.slice(0, MAX_SNIPPET - 1)}…`;
}

const MAX_NAME = 40;

/**
 * A name as messages quote it: control characters made visible and long names cut, since names
 * come from user input and a message must stay readable whatever was typed.
 */
export function quoteName(name: string): string {
  let visible = "";
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    visible += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : ch;
  }
  return `'${visible.length <= MAX_NAME ? visible : `${visible.slice(0, MAX_NAME - 1)}…`}'`;
}

/** The direct children of a node, in source order where the AST keeps it. */
export function children(expr: Expr): Expr[] {
  const kind = expr.exprKind;
  switch (kind.case) {
    case "selectExpr":
      return kind.value.operand ? [kind.value.operand] : [];
    case "callExpr":
      return kind.value.target ? [kind.value.target, ...kind.value.args] : [...kind.value.args];
    case "listExpr":
      return [...kind.value.elements];
    case "structExpr":
      return kind.value.entries.flatMap((e) => {
        const key = e.keyKind.case === "mapKey" ? [e.keyKind.value] : [];
        return e.value ? [...key, e.value] : key;
      });
    case "comprehensionExpr": {
      const c = kind.value;
      return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].filter((e) => e !== undefined);
    }
    default:
      return [];
  }
}

/** Every node under (and including) `expr`, iteratively: depth is not yet known to be bounded. */
export function subtree(expr: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [expr];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    out.push(node);
    stack.push(...children(node));
  }
  return out;
}

/** The deepest path from `expr` to a leaf, measured without recursion. */
export function depthOf(expr: Expr): number {
  let max = 0;
  const stack: [Expr, number][] = [[expr, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    max = Math.max(max, depth);
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
  return max;
}
