import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse, requireServer, SERVER_OPTIONS } from "../args.js";
import { collectFiles, readSources } from "../files.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, unexpectedAnswer } from "../remote/client.js";
import { explainRefusal, problemLine } from "../remote/refusals.js";

/**
 * `switchyard publish PATH... [--justify FILE.json] [--no-shadow] [--json]`: sends the definitions
 * to the server's governed publish. Workflows start in shadow (or stay validated with
 * --no-shadow). A refusal lists its problems by file:line:column and exits 1.
 */
export async function publishCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    justify: { type: "string" },
    "no-shadow": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  if (positionals.length === 0)
    throw new UsageError(
      "'publish' needs the files or folders to publish.",
      "Example: switchyard publish examples/lead-capture",
    );
  const client = requireServer("publish", values);
  const files = await collectFiles(positionals, io.cwd);
  const { sources, unreadable } = await readSources(files, io.cwd);
  if (unreadable.length > 0)
    throw new UsageError(`Cannot read ${unreadable.map((u) => `'${u.file}' (${u.reason})`).join(", ")}.`);
  if (sources.length === 0) throw new UsageError(`No .yaml definitions in ${positionals.join(" ")}.`);
  const justifications =
    values.justify === undefined ? undefined : await readJustifications(values.justify, io);
  let body: unknown;
  try {
    ({ body } = await client.request({
      method: "POST",
      path: "api/definitions/publish",
      body: {
        files: sources,
        ...(justifications ? { justifications } : {}),
        ...(values["no-shadow"] ? { shadow: false } : {}),
      },
    }));
  } catch (error) {
    explainRefusal(error, io);
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  const answer = (body ?? {}) as { published?: unknown; diagnostics?: unknown; compliance?: unknown };
  if (!Array.isArray(answer.published)) throw unexpectedAnswer("POST /api/definitions/publish");
  const warnings = Array.isArray(answer.diagnostics) ? answer.diagnostics : [];
  io.stdout.write(warnings.map(problemLine).join(""));
  if (answer.published.length === 0) io.stdout.write("Nothing changed; nothing published.\n");
  for (const raw of answer.published as unknown[]) {
    const v = (raw ?? {}) as Record<string, unknown>;
    io.stdout.write(
      `published ${clean(String(v.kind))}/${clean(String(v.id))}@${String(v.version)} (${clean(String(v.status))})\n`,
    );
  }
  return EXIT.ok;
}

/** The justifications file: a JSON array of {workflow, step?, field, reason, by?}, or {justifications: [...]}. */
async function readJustifications(file: string, io: CliIO): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), "utf8");
  } catch {
    throw new UsageError(
      `Cannot read the justifications file '${file}'.`,
      "Check the path given to --justify.",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`'${file}' is not JSON.`, JUSTIFY_HINT);
  }
  const list = Array.isArray(value) ? value : (value as { justifications?: unknown } | null)?.justifications;
  if (!Array.isArray(list)) throw new UsageError(`'${file}' holds no list of justifications.`, JUSTIFY_HINT);
  return list as unknown[];
}

const JUSTIFY_HINT =
  'Give a JSON array like [{"workflow": "lead-routing", "field": "lead.region", "reason": "…"}] (docs/compliance.md).';
