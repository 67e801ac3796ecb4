/**
 * The overload table: every function and operator the runtime provides (CEL's standard library
 * plus the strings extension), written as signatures so hints can show them verbatim. Operators
 * whose rules are not a plain table (`==`, `in`, `[]`, `&&`, `?:`) live in operators.ts.
 */
import { type CelScalarKind, type CelType, CelTypes, formatCelType } from "./types.js";

/** A type in a signature: a CelType shape where single capital letters are type parameters. */
export type Pattern =
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "list"; readonly element: Pattern }
  | { readonly kind: "map"; readonly key: Pattern; readonly value: Pattern }
  | { readonly kind: CelScalarKind };

/** One way to call a function: with a receiver (`target`) for methods, without for globals. */
export interface Overload {
  readonly target?: Pattern;
  readonly args: readonly Pattern[];
  readonly result: Pattern;
  /** The signature as written in the table, for hints. */
  readonly text: string;
}

const TIME_GETTERS = [
  "getFullYear",
  "getMonth",
  "getDate",
  "getDayOfMonth",
  "getDayOfWeek",
  "getDayOfYear",
  "getHours",
  "getMinutes",
  "getSeconds",
  "getMilliseconds",
];
const DURATION_GETTERS = ["getHours", "getMinutes", "getSeconds", "getMilliseconds"];
const ORDERED: readonly (readonly [string, string])[] = [
  ["bool", "bool"],
  ["bytes", "bytes"],
  ["string", "string"],
  ["timestamp", "timestamp"],
  ["duration", "duration"],
  ...["int", "uint", "double"].flatMap((l) => ["int", "uint", "double"].map((r) => [l, r] as const)),
];

// prettier-ignore -- one signature per line reads as a table
const SIGNATURES: readonly string[] = [
  ...["_<_", "_<=_", "_>_", "_>=_"].flatMap((op) => ORDERED.map(([l, r]) => `${op}(${l}, ${r}): bool`)),
  "_+_(int, int): int",
  "_+_(uint, uint): uint",
  "_+_(double, double): double",
  "_+_(string, string): string",
  "_+_(bytes, bytes): bytes",
  "_+_(list(A), list(A)): list(A)",
  "_+_(duration, duration): duration",
  "_+_(timestamp, duration): timestamp",
  "_+_(duration, timestamp): timestamp",
  "_-_(int, int): int",
  "_-_(uint, uint): uint",
  "_-_(double, double): double",
  "_-_(timestamp, timestamp): duration",
  "_-_(timestamp, duration): timestamp",
  "_-_(duration, duration): duration",
  "_*_(int, int): int",
  "_*_(uint, uint): uint",
  "_*_(double, double): double",
  "_/_(int, int): int",
  "_/_(uint, uint): uint",
  "_/_(double, double): double",
  "_%_(int, int): int",
  "_%_(uint, uint): uint",
  "-_(int): int",
  "-_(double): double",
  "size(string): int",
  "size(bytes): int",
  "size(list(A)): int",
  "size(map(A, B)): int",
  "string.size(): int",
  "bytes.size(): int",
  "list(A).size(): int",
  "map(A, B).size(): int",
  "string.contains(string): bool",
  "string.startsWith(string): bool",
  "string.endsWith(string): bool",
  "string.matches(string): bool",
  "string.lowerAscii(): string",
  "string.upperAscii(): string",
  "string.trim(): string",
  "string.charAt(int): string",
  "string.indexOf(string): int",
  "string.indexOf(string, int): int",
  "string.lastIndexOf(string): int",
  "string.lastIndexOf(string, int): int",
  "string.replace(string, string): string",
  "string.replace(string, string, int): string",
  "string.split(string): list(string)",
  "string.split(string, int): list(string)",
  "string.substring(int): string",
  "string.substring(int, int): string",
  "string.format(list(dyn)): string",
  "strings.quote(string): string",
  "list(string).join(): string",
  "list(string).join(string): string",
  "int(int): int",
  "int(uint): int",
  "int(double): int",
  "int(string): int",
  "int(timestamp): int",
  "int(duration): int",
  "uint(uint): uint",
  "uint(int): uint",
  "uint(double): uint",
  "uint(string): uint",
  "double(double): double",
  "double(int): double",
  "double(uint): double",
  "double(string): double",
  "bool(bool): bool",
  "bool(string): bool",
  "bytes(bytes): bytes",
  "bytes(string): bytes",
  "string(string): string",
  "string(bool): string",
  "string(int): string",
  "string(uint): string",
  "string(double): string",
  "string(bytes): string",
  "string(timestamp): string",
  "string(duration): string",
  "timestamp(timestamp): timestamp",
  "timestamp(string): timestamp",
  "timestamp(int): timestamp",
  "duration(duration): duration",
  "duration(string): duration",
  "duration(int): duration",
  "dyn(A): dyn",
  "type(A): dyn",
  ...TIME_GETTERS.flatMap((g) => [`timestamp.${g}(): int`, `timestamp.${g}(string): int`]),
  ...DURATION_GETTERS.map((g) => `duration.${g}(): int`),
];

let table: ReadonlyMap<string, readonly Overload[]> | undefined;

// Built on first use: the signature parser below is defined after this point in the module.
function overloadTable(): ReadonlyMap<string, readonly Overload[]> {
  table ??= buildTable(SIGNATURES);
  return table;
}

/** The overloads of a function or operator (`_+_`), or undefined if the runtime has no such name. */
export function overloadsOf(name: string): readonly Overload[] | undefined {
  return overloadTable().get(name);
}

/** Names of the functions callable as `value.name(...)` on a value of this type, for hints. */
export function methodsFor(type: CelType): string[] {
  const names = new Set<string>();
  for (const [name, overloads] of overloadTable()) {
    if (overloads.some((o) => o.target && bind(o.target, type, new Map()))) names.add(name);
  }
  return [...names].sort();
}

/** All names users can call, for "did you mean" on unknown functions. */
export function functionNames(): string[] {
  return [...overloadTable().keys()].filter((n) => /^[a-z]/i.test(n));
}

/** The result of the matching overloads, `dyn` when they disagree, or undefined when none match. */
export function resolve(
  overloads: readonly Overload[],
  target: CelType | undefined,
  args: readonly CelType[],
): CelType | undefined {
  const results: CelType[] = [];
  for (const o of overloads) {
    if ((o.target === undefined) !== (target === undefined) || o.args.length !== args.length) continue;
    const bindings = new Map<string, CelType>();
    const receiverOk = o.target === undefined || target === undefined || bind(o.target, target, bindings);
    if (receiverOk && o.args.every((p, i) => bind(p, args[i] ?? CelTypes.dyn, bindings))) {
      results.push(substitute(o.result, bindings));
    }
  }
  const first = results[0];
  if (first === undefined) return undefined;
  return results.every((r) => formatCelType(r) === formatCelType(first)) ? first : CelTypes.dyn;
}

/** A signature type for hints, without type parameters: `list`, `map`, `int`. */
export function formatPattern(p: Pattern): string {
  return p.kind === "param" ? "any value" : p.kind;
}

/** Matches `actual` against `pattern`, recording type parameters; `dyn` matches anything. */
function bind(pattern: Pattern, actual: CelType, bindings: Map<string, CelType>): boolean {
  if (pattern.kind === "dyn" || actual.kind === "dyn") return true;
  switch (pattern.kind) {
    case "param": {
      const bound = bindings.get(pattern.name);
      if (bound === undefined || bound.kind === "dyn") {
        bindings.set(pattern.name, actual);
        return true;
      }
      return formatCelType(bound) === formatCelType(actual);
    }
    case "list":
      return actual.kind === "list" && bind(pattern.element, actual.element, bindings);
    case "map":
      // Records are plain maps at runtime, so map functions such as size() apply to them.
      if (actual.kind === "object") {
        return bind(pattern.key, CelTypes.string, bindings) && bind(pattern.value, CelTypes.dyn, bindings);
      }
      return (
        actual.kind === "map" &&
        bind(pattern.key, actual.key, bindings) &&
        bind(pattern.value, actual.value, bindings)
      );
    default:
      return pattern.kind === actual.kind;
  }
}

function substitute(pattern: Pattern, bindings: ReadonlyMap<string, CelType>): CelType {
  switch (pattern.kind) {
    case "param":
      return bindings.get(pattern.name) ?? CelTypes.dyn;
    case "list":
      return CelTypes.list(substitute(pattern.element, bindings));
    case "map":
      return CelTypes.map(substitute(pattern.key, bindings), substitute(pattern.value, bindings));
    default:
      return { kind: pattern.kind };
  }
}

function buildTable(signatures: readonly string[]): Map<string, Overload[]> {
  const table = new Map<string, Overload[]>();
  for (const text of signatures) {
    const { name, overload } = parseSignature(text);
    const list = table.get(name) ?? [];
    list.push(overload);
    table.set(name, list);
  }
  return table;
}

const SIGNATURE = /^(?:(.+)\.)?([\w.]+|[-_+*/%<>=!]+)\((.*)\): (.+)$/;

/** Parses `recv.name(args): result`; a bad line is a bug in this file, so it throws at load. */
function parseSignature(text: string): { name: string; overload: Overload } {
  const m = SIGNATURE.exec(text);
  const [, receiver, name, args, result] = m ?? [];
  if (name === undefined || args === undefined || result === undefined)
    throw new Error(`bad signature ${text}`);
  // A receiver that is not a type (strings.quote) is a namespace: the function is global.
  const target = receiver === undefined ? undefined : parsePattern(receiver);
  const qualified = receiver !== undefined && target === undefined ? `${receiver}.${name}` : name;
  const overload: Overload = {
    args: args === "" ? [] : splitTop(args).map((a) => parsePattern(a) ?? fail(text)),
    result: parsePattern(result) ?? fail(text),
    text,
    ...(target && { target }),
  };
  return { name: qualified, overload };
}

function fail(text: string): never {
  throw new Error(`bad signature ${text}`);
}

const SCALARS: ReadonlySet<string> = new Set<CelScalarKind>([
  "dyn",
  "bool",
  "int",
  "uint",
  "double",
  "string",
  "bytes",
  "null",
  "timestamp",
  "duration",
]);

function isScalarKind(text: string): text is CelScalarKind {
  return SCALARS.has(text);
}

function parsePattern(text: string): Pattern | undefined {
  const t = text.trim();
  if (/^[A-Z]$/.test(t)) return { kind: "param", name: t };
  if (isScalarKind(t)) return { kind: t };
  const inner = /^(list|map)\((.*)\)$/.exec(t);
  const parts = inner?.[2] === undefined ? [] : splitTop(inner[2]).map(parsePattern);
  const [a, b] = parts;
  if (inner?.[1] === "list" && parts.length === 1 && a) return { kind: "list", element: a };
  if (inner?.[1] === "map" && parts.length === 2 && a && b) return { kind: "map", key: a, value: b };
  return undefined;
}

/** Splits on commas outside parentheses: `map(A, B), int` → [`map(A, B)`, `int`]. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}
