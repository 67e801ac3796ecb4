import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from "yaml";
import type { Diagnostic, DiagnosticCode, SourceLocation } from "../diagnostics/index.js";
import { DEFAULT_LIMITS, FORBIDDEN_KEYS, type ParseLimits } from "./limits.js";
import { SourceDocument } from "./source-document.js";

/** The result of reading one file: the document when it could be read, and what went wrong. */
export interface ParsedSource {
  readonly document: SourceDocument | undefined;
  readonly diagnostics: Diagnostic[];
}

const YAML_ERROR_CODES: Record<string, DiagnosticCode> = {
  DUPLICATE_KEY: "yaml/duplicate-key",
  RESOURCE_EXHAUSTION: "yaml/too-deep",
};

const HINTS: Partial<Record<DiagnosticCode, string>> = {
  "yaml/syntax": "Check indentation (spaces, not tabs), colons after keys, and matching quotes or brackets.",
  "yaml/duplicate-key": "Remove one of the two entries or give it another name.",
  "yaml/alias-limit": "Write the values out instead of repeating anchors (&name) and aliases (*name).",
  "yaml/too-deep": "Flatten the structure; definitions never need this much nesting.",
  "yaml/forbidden-key": "Rename the key; __proto__, constructor and prototype are reserved.",
  "yaml/multiple-documents": "Put each definition in its own file, or remove the extra '---' line.",
  "yaml/empty":
    "Add a definition, starting with a 'kind:' line (workflow, entity, form, component, variant or bundle).",
  "yaml/non-string-key": "Write keys as plain words, such as 'name:'.",
  "io/too-large": "Split the definition into several files, or move large data out of it.",
};

function diagnostic(code: DiagnosticCode, message: string, location: SourceLocation): Diagnostic {
  return { code, severity: "error", message, hint: HINTS[code] ?? "", location };
}

/**
 * Parses YAML (JSON is YAML too) into plain data, safely: bounded size, depth and alias
 * expansion; duplicate keys and prototype-polluting keys rejected; every problem located.
 * Never throws for any input text.
 */
export function parseSource(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedSource {
  const start: SourceLocation = { file, line: 1, column: 1 };
  if (utf8Length(text) > limits.maxBytes) {
    const size = (utf8Length(text) / 1024).toFixed(1);
    return {
      document: undefined,
      diagnostics: [
        diagnostic(
          "io/too-large",
          `The file is ${size} KiB; the limit is ${limits.maxBytes / 1024} KiB.`,
          start,
        ),
      ],
    };
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    stringKeys: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  const locate = (offset: number): SourceLocation => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (list.length === 0)
    return { document: undefined, diagnostics: [diagnostic("yaml/empty", "The file is empty.", start)] };
  const first = list[0];
  if (!first)
    return { document: undefined, diagnostics: [diagnostic("yaml/empty", "The file is empty.", start)] };
  const diagnostics: Diagnostic[] = [];
  if (list.length > 1) {
    const second = list[1]?.range[0] ?? 0;
    diagnostics.push(
      diagnostic("yaml/multiple-documents", "The file holds more than one YAML document.", locate(second)),
    );
  }
  for (const error of first.errors) {
    const code = YAML_ERROR_CODES[error.code] ?? "yaml/syntax";
    if (code === "yaml/too-deep") {
      diagnostics.push(diagnostic(code, "The file nests too deeply to read.", locate(error.pos[0])));
      break; // one is enough: the rest repeat it at every level
    }
    const unclosed =
      error.code === "MISSING_CHAR" && /quote/.test(error.message)
        ? unclosedQuote(text)
        : /end with an? [}\]]/.test(error.message)
          ? unclosedBracket(text, error.pos[0])
          : undefined;
    const message =
      unclosed !== undefined
        ? `${/quote/.test(error.message) ? "A quoted text" : "A bracket"} is never closed.`
        : error.code === "DUPLICATE_KEY"
          ? `The key '${keyAt(text, error.pos[0])}' appears twice in the same mapping.`
          : firstLine(error.message);
    diagnostics.push(diagnostic(code, message, locate(unclosed ?? error.pos[0])));
    if (diagnostics.length >= 20) break;
  }
  if (diagnostics.length > 0) return { document: undefined, diagnostics };
  diagnostics.push(...checkStructure(first.contents, limits, locate));
  if (diagnostics.length > 0) return { document: undefined, diagnostics };
  let value: unknown;
  try {
    value = first.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `The file expands more than ${limits.maxAliasCount} aliases.`
        : `The file could not be read: ${error instanceof Error ? error.message : String(error)}.`;
    return { document: undefined, diagnostics: [diagnostic("yaml/alias-limit", message, start)] };
  }
  if (value === null || value === undefined) {
    return {
      document: undefined,
      diagnostics: [diagnostic("yaml/empty", "The file holds no definition.", start)],
    };
  }
  return { document: new SourceDocument(file, text, value, first, lines), diagnostics: [] };
}

/** The library reports an unclosed `{` or `[` where the file goes on; find the bracket that opened it. */
function unclosedBracket(text: string, before: number): number | undefined {
  let depth = 0;
  for (let i = Math.min(before, text.length) - 1; i >= 0; i--) {
    const c = text[i];
    if (c === "}" || c === "]") depth++;
    else if (c === "{" || c === "[") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

/** The library reports a missing closing quote at the end of the file; find where the quote opened. */
function unclosedQuote(text: string): number | undefined {
  let offset = 0;
  for (const line of text.split("\n")) {
    const content = line.replace(/\\./g, "..").replace(/#.*$/, "");
    const opening = /(^|[\s:[{,-])"/.exec(content);
    if (opening && (content.match(/"/g) ?? []).length % 2 === 1)
      return offset + opening.index + (opening[1] ?? "").length;
    offset += line.length + 1;
  }
  return undefined;
}

/** The key written at an offset (the text up to the colon), for messages. */
function keyAt(text: string, offset: number): string {
  const line = text.slice(offset, text.indexOf("\n", offset) < 0 ? undefined : text.indexOf("\n", offset));
  return (line.split(":")[0] ?? line).trim().replace(/^["']|["']$/g, "");
}

function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "").replace(/\.?$/, ".");
}

/** Walks the node tree iteratively (no recursion, so no stack to exhaust) checking depth and keys. */
function checkStructure(
  root: unknown,
  limits: ParseLimits,
  locate: (offset: number) => SourceLocation,
): Diagnostic[] {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    const { node, depth } = item;
    if (!isMap(node) && !isSeq(node)) continue;
    const offset = (node as YamlNode).range?.[0] ?? 0;
    if (depth > limits.maxDepth) {
      return [
        diagnostic("yaml/too-deep", `The file nests deeper than ${limits.maxDepth} levels.`, locate(offset)),
      ];
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        if (
          !isScalar(key) ||
          (typeof key.value !== "string" && typeof key.value !== "number" && typeof key.value !== "boolean")
        ) {
          const at = isScalar(key) || isMap(key) || isSeq(key) ? (key.range?.[0] ?? offset) : offset;
          return [diagnostic("yaml/non-string-key", "A mapping key is not a plain string.", locate(at))];
        }
        if (FORBIDDEN_KEYS.has(String(key.value))) {
          return [
            diagnostic(
              "yaml/forbidden-key",
              `The key '${String(key.value)}' is not allowed.`,
              locate(key.range?.[0] ?? offset),
            ),
          ];
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else {
      for (const child of node.items) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return [];
}

/** Byte length of text as UTF-8, without Node's Buffer (this module also runs in browsers). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
