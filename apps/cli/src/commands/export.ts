import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseSource } from "@switchyard/definitions";
import { EXPORTED_KINDS } from "@switchyard/runtime";
import { parse, positionalsOf, requireServer, SERVER_OPTIONS } from "../args.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { unexpectedAnswer } from "../remote/client.js";

const ENDPOINT = "GET /api/bundles/export";

/**
 * `switchyard export [--only kind/id,...] [--out FILE] [--id ID --name NAME --version V]`: the
 * tenant's configuration as one bundle file (definitions inline), from the server. Written to
 * stdout as the server answered it, or to FILE with a one-line report. Needs an IT admin's token.
 */
export async function exportCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    only: { type: "string", multiple: true },
    out: { type: "string" },
    id: { type: "string" },
    name: { type: "string" },
    version: { type: "string" },
    ...SERVER_OPTIONS,
  });
  positionalsOf("export", positionals, []);
  const only = selection(values.only);
  const client = requireServer("export", values);
  const { body } = await client.request({
    method: "GET",
    path: "api/bundles/export",
    accept: "text",
    query: { only: only?.join(","), id: values.id, name: values.name, version: values.version },
  });
  if (typeof body !== "string") throw unexpectedAnswer(ENDPOINT);
  if (values.out === undefined) {
    io.stdout.write(body);
    return EXIT.ok;
  }
  const count = definitionCount(body);
  const file = path.resolve(io.cwd, values.out);
  await writeFile(file, body, "utf8").catch((error: unknown) => {
    throw new UsageError(
      `Cannot write '${values.out}' (${error instanceof Error ? error.message : String(error)}).`,
      "Check that the folder exists and that you may write there.",
    );
  });
  io.stdout.write(`wrote ${values.out} (${count} definition${count === 1 ? "" : "s"})\n`);
  return EXIT.ok;
}

/** The `--only` entries (each flag may list several, comma-separated); a usage error for a bad one. */
function selection(given: readonly string[] | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const entries = given
    .flatMap((g) => g.split(","))
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0)
    throw new UsageError("--only names no definitions.", "Leave --only out to export everything.");
  const kinds: readonly string[] = EXPORTED_KINDS;
  for (const entry of entries) {
    const [kind = "", id, ...more] = entry.split("/");
    if (!id || more.length > 0)
      throw new UsageError(
        `--only '${entry}' is not kind/id.`,
        "Example: switchyard export --only entity/lead,workflow/approve-lead",
      );
    if (!kinds.includes(kind))
      throw new UsageError(
        `--only '${entry}': '${kind}' is not a kind an export holds.`,
        `The kinds are: ${EXPORTED_KINDS.join(", ")}.`,
      );
  }
  return entries;
}

/** How many definitions the bundle carries inline. */
function definitionCount(text: string): number {
  const bundle = parseSource(text, "export.bundle.yaml").document?.value as
    { definitions?: unknown } | undefined;
  if (!Array.isArray(bundle?.definitions)) throw unexpectedAnswer(ENDPOINT);
  return bundle.definitions.length;
}
