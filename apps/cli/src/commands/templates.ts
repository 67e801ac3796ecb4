import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { type Bundle, parseSource } from "@switchyard/definitions";
import { parse, positionalsOf, requireServer, SERVER_OPTIONS } from "../args.js";
import { readSources } from "../files.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, RemoteError, unexpectedAnswer } from "../remote/client.js";
import { explainRefusal } from "../remote/refusals.js";

/** `switchyard templates [--json]`: the industry templates the server ships, one per line. */
export async function templatesCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  positionalsOf("templates", positionals, []);
  const client = requireServer("templates", values);
  const { body } = await client.request({ method: "GET", path: "api/templates" });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  const templates = (body as { templates?: unknown } | null)?.templates;
  if (!Array.isArray(templates)) throw unexpectedAnswer("GET /api/templates");
  if (templates.length === 0) io.stdout.write("The server has no templates.\n");
  for (const raw of templates as unknown[]) {
    const t = (raw ?? {}) as Record<string, unknown>;
    const scenarios = Array.isArray(t.scenarios) ? t.scenarios.map(String).join(", ") : "";
    io.stdout.write(
      `${clean(String(t.id))}  ${clean(String(t.name))} (${clean(String(t.industry ?? "any industry"))}, v${clean(String(t.version))})\n` +
        (scenarios ? `  scenarios: ${clean(scenarios)}\n` : ""),
    );
  }
  return EXIT.ok;
}

/**
 * `switchyard import --template ID | PATH [--keep-existing] [--json]`: imports a server template,
 * or a bundle of one's own (a folder holding a `*.bundle.yaml`, or the bundle file, sent with the
 * files it includes). Definitions are published, workflows saved as drafts. Refused (conflicts,
 * invalid, not whitelisted): exit 1, with each conflict or problem on its own line.
 */
export async function importCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    template: { type: "string" },
    "keep-existing": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  if ((values.template === undefined) === (positionals.length === 0) || positionals.length > 1)
    throw new UsageError(
      "'import' takes either --template ID or one PATH (a bundle folder or a *.bundle.yaml file).",
      "Examples: switchyard import --template fmcg.store-display-kit; switchyard import my-kit/",
    );
  const client = requireServer("import", values);
  const onConflict = values["keep-existing"] ? { onConflict: "keep-existing" } : {};
  const request =
    values.template === undefined
      ? {
          path: "api/bundles/import",
          body: { files: await bundleFiles(positionals[0] ?? "", io), ...onConflict },
        }
      : { path: `api/templates/${encodeURIComponent(values.template)}/import`, body: onConflict };
  let body: unknown;
  try {
    ({ body } = await client.request({ method: "POST", ...request }));
  } catch (error) {
    explainConflicts(error, io);
    explainRefusal(error, io);
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  const answer = (body ?? {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(answer[key]) ? (answer[key] as unknown[]) : undefined);
  const published = list("published");
  const drafts = list("drafts");
  if (!published || !drafts) throw unexpectedAnswer(`POST /${request.path}`);
  for (const raw of published) {
    const v = (raw ?? {}) as Record<string, unknown>;
    io.stdout.write(`published ${clean(String(v.kind))}/${clean(String(v.id))}@${String(v.version)}\n`);
  }
  for (const id of drafts)
    io.stdout.write(`draft     workflow/${clean(String(id))} (edit it, then publish)\n`);
  for (const raw of list("kept") ?? []) {
    const k = (raw ?? {}) as Record<string, unknown>;
    io.stdout.write(`kept      ${clean(String(k.kind))}/${clean(String(k.id))} (the tenant's version)\n`);
  }
  const unchanged = list("unchanged") ?? [];
  if (unchanged.length > 0)
    io.stdout.write(`unchanged ${unchanged.length} definition(s) the tenant already has\n`);
  return EXIT.ok;
}

/** Prints a 409's conflicts, `file: kind id (tenant has version N)`, before the refusal itself. */
function explainConflicts(error: unknown, io: CliIO): void {
  if (!(error instanceof RemoteError)) return;
  const conflicts = error.answer?.error?.conflicts;
  if (!Array.isArray(conflicts)) return;
  for (const raw of conflicts as unknown[]) {
    const c = (raw ?? {}) as Record<string, unknown>;
    const existing = c.existing === "draft" ? "a draft" : `version ${String(c.existing)}`;
    io.stdout.write(
      `${clean(String(c.file))}: conflict ${clean(String(c.kind))} ${clean(String(c.id))} (the tenant has ${clean(existing)} with different content)\n`,
    );
  }
}

/** The bundle file named (or the one in the folder named) first, then every file it includes. */
async function bundleFiles(given: string, io: CliIO): Promise<{ path: string; text: string }[]> {
  const absolute = path.resolve(io.cwd, given);
  const info = await stat(absolute).catch(() => undefined);
  if (!info)
    throw new UsageError(
      `'${given}' does not exist.`,
      "Check the path; it is relative to the current folder.",
    );
  let manifest = absolute;
  if (info.isDirectory()) {
    const found = (await readdir(absolute))
      .filter((f) => f.endsWith(".bundle.yaml") || f === "bundle.yaml")
      .sort();
    if (found.length !== 1)
      throw new UsageError(
        found.length === 0
          ? `'${given}' holds no bundle file (*.bundle.yaml).`
          : `'${given}' holds ${found.length} bundle files (${found.join(", ")}); name the one to import.`,
        "Give the folder of a bundle, or its *.bundle.yaml file.",
      );
    manifest = path.join(absolute, found[0] ?? "");
  }
  const root = path.dirname(manifest);
  const { sources, unreadable } = await readSources([manifest], root);
  const bundleText = sources[0]?.text;
  if (unreadable.length > 0 || bundleText === undefined)
    throw new UsageError(`Cannot read '${given}' (${unreadable[0]?.reason ?? "unknown"}).`);
  const bundle = parseSource(bundleText, path.basename(manifest)).document?.value as Bundle | undefined;
  if (bundle?.kind !== "bundle")
    throw new UsageError(
      `'${given}' is not a bundle (kind: bundle).`,
      "Give a *.bundle.yaml file or its folder.",
    );
  const included = await readSources(bundle.include ?? [], root);
  if (included.unreadable.length > 0)
    throw new UsageError(
      `The bundle includes files that cannot be read: ${included.unreadable.map((u) => `'${u.file}' (${u.reason})`).join(", ")}.`,
      "Fix the paths in the bundle's include list (relative to the bundle file).",
    );
  return [{ path: path.basename(manifest), text: bundleText }, ...included.sources];
}
