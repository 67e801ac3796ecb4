/**
 * A forgiving CEL tokenizer. The parser reports positions poorly (often where an operator starts
 * rather than where the mistake is) and keeps no spans, so the checker tokenizes the source
 * itself: to find where sub-expressions end, to match brackets, and to reject deep nesting before
 * the recursive parser can overflow the stack. It never throws and runs in linear time.
 */

/** What a token is, as far as spans and bracket matching care. */
export type TokenKind = "ident" | "number" | "string" | "open" | "close" | "punct";

/** One token; `end` is exclusive. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The tokens of a source text with its brackets matched. */
export interface Lexed {
  readonly tokens: readonly Token[];
  /** For each bracket token index, the index of its partner; absent when unmatched. */
  readonly partner: ReadonlyMap<number, number>;
  /** Deepest bracket nesting, and the offset of the first bracket that reached it. */
  readonly maxDepth: number;
  readonly deepestAt: number;
  /** Offset of a string literal that never closes. */
  readonly unterminatedString?: number;
  /** First closing bracket without an opener, and first opener never closed. */
  readonly strayClose?: Token;
  readonly unclosedOpen?: Token;
}

const OPEN = "([{";
const CLOSE = ")]}";
const TWO_CHAR = new Set(["==", "!=", "<=", ">=", "&&", "||"]);
const STRING_PREFIX = /^(?:[rRbB]|[rR][bB]|[bB][rR])$/;

/** Tokenizes `source`; whitespace and `//` comments are skipped. */
export function lex(source: string): Lexed {
  const tokens: Token[] = [];
  let unterminatedString: number | undefined;
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (source.startsWith("//", i)) {
      const nl = source.indexOf("\n", i);
      i = nl < 0 ? source.length : nl;
    } else {
      const end = scanToken(source, i, tokens);
      if (end < 0) {
        unterminatedString ??= i;
        break;
      }
      i = end;
    }
  }
  const lexed = matchBrackets(tokens);
  return unterminatedString === undefined ? lexed : { ...lexed, unterminatedString };
}

/** Scans the token starting at `i` into `tokens`; returns its end, or -1 for an unclosed string. */
function scanToken(source: string, i: number, tokens: Token[]): number {
  const ch = source.charAt(i);
  let kind: TokenKind;
  let end: number;
  if (/[A-Za-z_]/.test(ch)) {
    end = scanWhile(source, i, /[A-Za-z0-9_]/);
    const next = source.charAt(end);
    if ((next === "'" || next === '"') && STRING_PREFIX.test(source.slice(i, end))) {
      const raw = /[rR]/.test(source.slice(i, end));
      end = stringEnd(source, end, raw);
      kind = "string";
    } else {
      kind = "ident";
    }
  } else if (/[0-9]/.test(ch)) {
    end = scanNumber(source, i);
    kind = "number";
  } else if (ch === "'" || ch === '"') {
    end = stringEnd(source, i, false);
    kind = "string";
  } else {
    end = TWO_CHAR.has(source.slice(i, i + 2)) ? i + 2 : i + 1;
    kind = OPEN.includes(ch) ? "open" : CLOSE.includes(ch) ? "close" : "punct";
  }
  if (end < 0) return -1;
  tokens.push({ kind, start: i, end, text: source.slice(i, end) });
  return end;
}

function scanWhile(source: string, i: number, re: RegExp): number {
  let j = i;
  while (j < source.length && re.test(source.charAt(j))) j++;
  return j;
}

function scanNumber(source: string, i: number): number {
  if (/^0[xX][0-9a-fA-F]/.test(source.slice(i, i + 3))) {
    return scanWhile(source, scanWhile(source, i + 2, /[0-9a-fA-F]/), /[uU]/);
  }
  let j = scanWhile(source, i, /[0-9]/);
  if (source.charAt(j) === "." && /[0-9]/.test(source.charAt(j + 1))) j = scanWhile(source, j + 1, /[0-9]/);
  const exponent = /^[eE][+-]?[0-9]/.exec(source.slice(j, j + 3));
  if (exponent) j = scanWhile(source, j + exponent[0].length, /[0-9]/);
  return source.charAt(j) === "u" || source.charAt(j) === "U" ? j + 1 : j;
}

/** The end of the quoted literal starting at the quote at `i`; -1 when it never closes. */
export function stringEnd(source: string, i: number, raw: boolean): number {
  const quote = source.charAt(i);
  const triple = source.startsWith(quote.repeat(3), i);
  const closing = triple ? quote.repeat(3) : quote;
  let j = i + closing.length;
  while (j < source.length) {
    const ch = source.charAt(j);
    if (!raw && ch === "\\") {
      j += 2;
    } else if (source.startsWith(closing, j)) {
      return j + closing.length;
    } else if (!triple && (ch === "\n" || ch === "\r")) {
      return -1;
    } else {
      j++;
    }
  }
  return -1;
}

function matchBrackets(tokens: readonly Token[]): Lexed {
  const partner = new Map<number, number>();
  const stack: number[] = [];
  let maxDepth = 0;
  let deepestAt = 0;
  let strayClose: Token | undefined;
  tokens.forEach((token, index) => {
    if (token.kind === "open") {
      stack.push(index);
      if (stack.length > maxDepth) {
        maxDepth = stack.length;
        deepestAt = token.start;
      }
    } else if (token.kind === "close") {
      const top = stack[stack.length - 1];
      const opener = top === undefined ? undefined : tokens[top];
      if (top !== undefined && opener && OPEN.indexOf(opener.text) === CLOSE.indexOf(token.text)) {
        stack.pop();
        partner.set(top, index);
        partner.set(index, top);
      } else {
        strayClose ??= token;
      }
    }
  });
  const unclosedIndex = stack[0];
  const unclosedOpen = unclosedIndex === undefined ? undefined : tokens[unclosedIndex];
  const lexed: Lexed = { tokens, partner, maxDepth, deepestAt };
  return { ...lexed, ...(strayClose && { strayClose }), ...(unclosedOpen && { unclosedOpen }) };
}

/** Index of the first token that starts at or after `offset` (tokens.length when none). */
export function tokenIndexAt(lexed: Lexed, offset: number): number {
  let lo = 0;
  let hi = lexed.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const token = lexed.tokens[mid];
    if (token !== undefined && token.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
