import { DEFINITION_KINDS } from "@switchyard/definitions";
import { parse, positionalsOf, requireServer, SERVER_OPTIONS, wholeNumber } from "../args.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, unexpectedAnswer } from "../remote/client.js";

/**
 * `switchyard diff KIND ID FROM TO [--json]`: what changed between two stored versions of a
 * definition, one line per change (workflows by meaning: steps, edges, conditions, policies), or
 * the API's JSON with --json.
 */
export async function diffCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  const [kind = "", id = "", from, to] = positionalsOf("diff", positionals, ["KIND", "ID", "FROM", "TO"]);
  if (!(DEFINITION_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`'${kind}' is not a kind of definition.`, `Kinds: ${DEFINITION_KINDS.join(", ")}.`);
  const versions = { from: wholeNumber(from, "FROM"), to: wholeNumber(to, "TO") };
  const endpoint = `api/definitions/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/diff`;
  const { body } = await requireServer("diff", values).request({
    method: "GET",
    path: endpoint,
    query: versions,
  });
  const summary = (body as { summary?: unknown } | undefined)?.summary;
  if (!Array.isArray(summary)) throw unexpectedAnswer(`GET /${endpoint}`);
  if (values.json) io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else if (summary.length === 0)
    io.stdout.write(`No changes from ${kind}/${id}@${String(versions.from)} to @${String(versions.to)}.\n`);
  else io.stdout.write(summary.map((line) => `${clean(String(line))}\n`).join(""));
  return EXIT.ok;
}

/**
 * `switchyard lineage WORKFLOW VERSION [--compare N] [--json]`: the entity fields each step of a
 * version reads and writes and, with --compare, the fields each step reads or writes now and no
 * longer (`+ field`, `- field`).
 */
export async function lineageCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    compare: { type: "string" },
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  const [workflow = "", given] = positionalsOf("lineage", positionals, ["WORKFLOW", "VERSION"]);
  const version = wholeNumber(given, "VERSION");
  const compareTo = wholeNumber(values.compare, "--compare");
  const endpoint = `api/workflows/${encodeURIComponent(workflow)}/versions/${String(version)}/lineage`;
  const { body } = await requireServer("lineage", values).request({
    method: "GET",
    path: endpoint,
    query: { compareTo },
  });
  const lineage = (body ?? {}) as { steps?: unknown; changes?: unknown };
  if (!Array.isArray(lineage.steps)) throw unexpectedAnswer(`GET /${endpoint}`);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`${workflow}@${String(version)}:`, ...lineage.steps.map(stepLine)];
  if (lineage.steps.length === 0) lines.push("  no step reads or writes entity fields");
  if (compareTo !== undefined) lines.push(...changeLines(lineage.changes, compareTo));
  io.stdout.write(lines.map((line) => `${line}\n`).join(""));
  return EXIT.ok;
}

/** `  step: reads a, b; writes c` */
function stepLine(value: unknown): string {
  const s = (value ?? {}) as { step?: unknown; reads?: unknown; writes?: unknown };
  return `  ${text(s.step)}: reads ${fields(s.reads)}; writes ${fields(s.writes)}`;
}

/** `Changes from @N:`, then per step what it reads and writes now (`+`) and no longer (`-`). */
function changeLines(value: unknown, from: number): string[] {
  const changes = (value ?? {}) as { reads?: unknown; writes?: unknown };
  const lines: string[] = [];
  for (const [verb, list] of [
    ["reads", changes.reads],
    ["writes", changes.writes],
  ] as const)
    for (const change of Array.isArray(list) ? list : []) {
      const c = (change ?? {}) as { step?: unknown; added?: unknown; removed?: unknown };
      lines.push(`  ${text(c.step)} ${verb}:`);
      for (const field of strings(c.added)) lines.push(`    + ${field}`);
      for (const field of strings(c.removed)) lines.push(`    - ${field}`);
    }
  return [`Changes from @${from}:${lines.length === 0 ? " none" : ""}`, ...lines];
}

const text = (value: unknown): string => (typeof value === "string" ? clean(value) : "");
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").map(clean) : [];
const fields = (value: unknown): string => strings(value).join(", ") || "nothing";
