import { type Diagnostic, formatDiagnostic, validateSources } from "@switchyard/definitions";
import { collectFiles, readSources } from "../files.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { ServerClient } from "../remote/client.js";
import type { ServerTarget } from "../remote/target.js";
import { validateOnServer } from "../remote/validate.js";

/**
 * `switchyard validate PATH... [--json] [--server URL]`: 0 when every definition is valid, 1 when
 * any is not. With a server, the files are checked by the server's validator; the output is the same.
 */
export async function validateCommand(
  paths: readonly string[],
  options: { json: boolean; server?: ServerTarget | undefined },
  io: CliIO,
): Promise<number> {
  if (paths.length === 0)
    throw new UsageError(
      "Name at least one file or folder to validate.",
      "Example: switchyard validate examples",
    );
  const all = await collectFiles(paths, io.cwd);
  const files = all.filter((f) => /\.(ya?ml|json)$/i.test(f));
  const { sources, unreadable } = await readSources(files, io.cwd);
  const wrongType = all.filter((f) => !files.includes(f));
  const report = options.server
    ? await validateOnServer(new ServerClient(options.server), sources)
    : validateLocally(sources);
  const unreadableDiagnostics: { file: string; ok: boolean; diagnostics: Diagnostic[] }[] = unreadable.map(
    ({ file, reason }) => ({
      file,
      ok: false,
      diagnostics: [
        {
          code: reason.includes("UTF-8") ? "io/not-utf8" : "io/unreadable",
          severity: "error",
          message: `The file could not be read: ${reason}.`,
          hint: "Save the file as UTF-8 text.",
          location: { file, line: 1, column: 1 },
        },
      ],
    }),
  );
  const wrongTypeDiagnostics = wrongType.map((file) => ({
    file,
    ok: false,
    diagnostics: [
      {
        code: "io/unknown-file-type" as const,
        severity: "error" as const,
        message: "The file is neither YAML (.yaml, .yml) nor JSON (.json).",
        hint: "Name definition files with .yaml, .yml or .json.",
        location: { file, line: 1, column: 1 },
      },
    ],
  }));
  const fileReports = [...report.files, ...unreadableDiagnostics, ...wrongTypeDiagnostics];
  const ok = fileReports.every((f) => f.ok);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ok, files: fileReports }, null, 2)}\n`);
  } else {
    for (const file of fileReports)
      for (const d of file.diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
    const errors = fileReports.reduce(
      (n, f) => n + f.diagnostics.filter((d) => d.severity === "error").length,
      0,
    );
    const invalid = fileReports.filter((f) => !f.ok).length;
    io.stdout.write(
      ok
        ? `✓ ${fileReports.length} file${fileReports.length === 1 ? "" : "s"} valid (${report.definitions} definitions).\n`
        : `✗ ${errors} error${errors === 1 ? "" : "s"} in ${invalid} of ${fileReports.length} files.\n`,
    );
  }
  return ok ? EXIT.ok : EXIT.invalid;
}

function validateLocally(sources: Parameters<typeof validateSources>[0]) {
  const report = validateSources(sources);
  return { files: report.files, definitions: report.definitions.length };
}
