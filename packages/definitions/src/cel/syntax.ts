/**
 * Parsing with limits and readable syntax errors. The parser's own messages list grammar rules
 * ("expecting '!', '(', '-', '.', ... selector, string literal ...") and often point at the start
 * of the expression; a few common mistakes are recognised first and explained in plain words.
 */
import { parse } from "@bufbuild/cel";
import type { CelIssue } from "./issues.js";
import { type Lexed, lex, type Token } from "./lexer.js";
import { depthOf, type ParsedExpr, quoteName } from "./spans.js";

/** Bounds that keep checking cheap for any input; far beyond what a real expression needs. */
export const EXPRESSION_LIMITS = {
  /** Longest expression accepted, in characters. */
  maxLength: 10_000,
  /** Deepest nesting of brackets: the parser recurses per level and would overflow the stack. */
  maxNesting: 100,
  /** Deepest syntax tree (long operator chains), as cel-go's default parser recursion limit. */
  maxTreeDepth: 250,
} as const;

/** A parsed expression with its tokens, or the one syntax issue that stopped parsing. */
export type ParseOutcome =
  | { readonly ok: true; readonly parsed: ParsedExpr; readonly lexed: Lexed }
  | { readonly ok: false; readonly issue: CelIssue };

function syntaxIssue(message: string, hint: string, offset: number, length: number): ParseOutcome {
  return { ok: false, issue: { code: "cel/syntax", message, hint, offset, length } };
}

/** Parses `source`, never throwing: every failure becomes one `cel/syntax` issue. */
export function parseExpression(source: string): ParseOutcome {
  const { maxLength, maxNesting, maxTreeDepth } = EXPRESSION_LIMITS;
  if (source.length > maxLength) {
    return syntaxIssue(
      `The expression is too long (${source.length} characters; the limit is ${maxLength})`,
      "Split the logic into smaller expressions, for example across several steps",
      0,
      source.length,
    );
  }
  if (source.trim() === "") {
    return syntaxIssue(
      "The expression is empty",
      'Write an expression, e.g. record.status == "won"',
      0,
      source.length,
    );
  }
  const lexed = lex(source);
  if (lexed.maxDepth > maxNesting) {
    return syntaxIssue(
      `Brackets are nested more than ${maxNesting} levels deep`,
      "Simplify the expression: remove extra brackets or split it into smaller parts",
      lexed.deepestAt,
      1,
    );
  }
  let parsed: ParsedExpr;
  try {
    parsed = parse(source);
  } catch (error) {
    return { ok: false, issue: explainParseError(source, lexed, error) };
  }
  if (depthOf(parsed.expr) > maxTreeDepth) {
    return syntaxIssue(
      `The expression is too complex: it nests more than ${maxTreeDepth} operations`,
      "Simplify it, or split the work into smaller expressions",
      0,
      source.length,
    );
  }
  return { ok: true, parsed, lexed };
}

interface ParserError {
  readonly message: string;
  readonly offset: number;
}

function asParserError(error: unknown): ParserError | undefined {
  if (!(error instanceof Error)) return undefined;
  const location: unknown = Reflect.get(error, "location");
  const start: unknown =
    typeof location === "object" && location !== null ? Reflect.get(location, "start") : undefined;
  const offset: unknown =
    typeof start === "object" && start !== null ? Reflect.get(start, "offset") : undefined;
  return typeof offset === "number" ? { message: error.message, offset } : undefined;
}

function explainParseError(source: string, lexed: Lexed, error: unknown): CelIssue {
  const known = commonMistake(source, lexed);
  if (known) return known;
  const parserError = asParserError(error);
  if (parserError === undefined) {
    // The parser recurses per nesting level; a stack overflow means the input nests too deeply.
    const tooDeep = error instanceof RangeError;
    return {
      code: "cel/syntax",
      message: tooDeep ? "The expression nests too deeply to read" : "The expression could not be read",
      hint: tooDeep ? "Simplify the expression or split it into smaller parts" : String(error),
      offset: 0,
      length: source.length,
    };
  }
  return describeParserError(source, parserError);
}

/** The parser says `<input>:1:3: found + but expecting end of input`; say that plainly. */
function describeParserError(source: string, error: ParserError): CelIssue {
  const text = error.message.replace(/^<input>:\d+:\d+: /, "");
  const offset = Math.min(Math.max(error.offset, 0), source.length);
  const found = /^found (.*?) but expecting (.*)$/s.exec(text);
  const what = found?.[1];
  const expected = found?.[2] ?? "";
  if (what === undefined) return { code: "cel/syntax", message: text, hint: "", offset, length: 1 };
  if (what === "end of input") {
    return issueAt("The expression ends too early", expectHint(expected), offset, 0);
  }
  const message = `Unexpected ${quoteName(what)} here`;
  if (expected === "end of input") {
    return issueAt(
      message,
      "Something here doesn't fit: check for a missing operator (&&, ||, ==, +), a missing comma, or an extra character",
      offset,
      1,
    );
  }
  return issueAt(message, expectHint(expected), offset, 1);
}

function expectHint(expected: string): string {
  const alternatives = expected.split(/, (?:or )?| or /).filter((a) => a !== "comment" && a !== "whitespace");
  if (alternatives.length > 4 || alternatives.includes("identifier")) {
    return 'A value is missing here: a field such as record.name, a number, text in quotes ("..."), true/false, or an expression in ( )';
  }
  return `Expected ${alternatives.join(" or ")} here`;
}

function issueAt(message: string, hint: string, offset: number, length: number): CelIssue {
  return { code: "cel/syntax", message, hint, offset, length };
}

const WORD_OPERATORS: Readonly<Record<string, string>> = { and: "&&", or: "||", not: "!" };

/** Mistakes worth explaining better than the parser can, checked only once parsing has failed. */
function commonMistake(source: string, lexed: Lexed): CelIssue | undefined {
  if (lexed.unterminatedString !== undefined) {
    const at = lexed.unterminatedString;
    const quote = /['"]/.exec(source.slice(at))?.[0] ?? '"';
    return issueAt("This text has no closing quote", `End the text with ${quote}`, at, source.length - at);
  }
  if (lexed.strayClose) return unmatched(lexed.strayClose, "has no matching opening bracket", "Remove it");
  if (lexed.unclosedOpen) return unmatched(lexed.unclosedOpen, "is never closed", "Add the closing bracket");
  for (const [index, token] of lexed.tokens.entries()) {
    const issue = wordMistake(lexed, token, index) ?? operatorMistake(lexed, token, index);
    if (issue) return issue;
  }
  return undefined;
}

const BINARY = new Set(["+", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "?", ":", "."]);

/** A dangling operator (`a +`) or two in a row (`a +* b`): the parser blames the wrong token. */
function operatorMistake(lexed: Lexed, token: Token, index: number): CelIssue | undefined {
  if (token.kind !== "punct" || !(BINARY.has(token.text) || token.text === "-" || token.text === "!"))
    return undefined;
  const next = lexed.tokens[index + 1];
  if (next === undefined) {
    return issueAt(
      `Something is missing after '${token.text}'`,
      "Add a value after it, e.g. record.age + 1",
      token.start,
      token.text.length,
    );
  }
  if (BINARY.has(token.text) && next.kind === "punct" && BINARY.has(next.text) && next.text !== ".") {
    return issueAt(
      `Unexpected '${next.text}' after '${token.text}'`,
      "Remove one of the two operators",
      next.start,
      next.text.length,
    );
  }
  return undefined;
}

function unmatched(token: Token, what: string, hint: string): CelIssue {
  return issueAt(`'${token.text}' ${what}`, hint, token.start, 1);
}

function wordMistake(lexed: Lexed, token: Token, index: number): CelIssue | undefined {
  const previous = lexed.tokens[index - 1];
  if (token.text === "=") {
    return issueAt(
      "Use == to compare values",
      "A single = is not an operator; write == (or != for 'not equal')",
      token.start,
      1,
    );
  }
  const lower = token.text.toLowerCase();
  const operator = Object.hasOwn(WORD_OPERATORS, lower) ? WORD_OPERATORS[lower] : undefined;
  if (token.kind === "ident" && operator !== undefined && previous?.text !== ".") {
    return issueAt(
      `Use ${operator} instead of '${token.text}'`,
      `Conditions are combined with && (and), || (or) and ! (not)`,
      token.start,
      token.text.length,
    );
  }
  return undefined;
}
