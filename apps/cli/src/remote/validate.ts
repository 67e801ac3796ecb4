import type { Diagnostic, DiagnosticCode, ProjectReport, SourceFile } from "@switchyard/definitions";
import { clean, type ServerClient, unexpectedAnswer } from "./client.js";

type FileReport = ProjectReport["files"][number];

const ENDPOINT = "POST /api/definitions/validate";

/**
 * Validates files on a server (`POST /api/definitions/validate`), which checks them as one project
 * with the server's validator. Answers per-file reports shaped like the local validator's, so the
 * output is printed by the same code; `definitions` is how many definitions the files hold.
 */
export async function validateOnServer(
  client: ServerClient,
  sources: readonly SourceFile[],
): Promise<{ files: FileReport[]; definitions: number }> {
  if (sources.length === 0) return { files: [], definitions: 0 };
  const { body } = await client.request({
    method: "POST",
    path: "api/definitions/validate",
    body: { files: sources.map((s) => ({ path: s.path, text: s.text })) },
  });
  const answer = (body ?? {}) as { diagnostics?: unknown; definitions?: unknown };
  if (!Array.isArray(answer.diagnostics) || !Array.isArray(answer.definitions))
    throw unexpectedAnswer(ENDPOINT);
  const byFile = new Map<string, Diagnostic[]>(sources.map((s) => [s.path, []]));
  for (const raw of answer.diagnostics as unknown[]) {
    const d = diagnostic(raw);
    const file = d.location?.file ?? "";
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  const files = [...byFile].map(([file, diagnostics]) => ({
    file,
    ok: !diagnostics.some((d) => d.severity === "error"),
    diagnostics,
  }));
  return { files, definitions: answer.definitions.length };
}

/** A diagnostic as the API sends it (location flattened) turned back into the validator's shape. */
function diagnostic(value: unknown): Diagnostic {
  const d = (value ?? {}) as Record<string, unknown>;
  if (typeof d.code !== "string" || typeof d.message !== "string") throw unexpectedAnswer(ENDPOINT);
  const { file, line, column } = d;
  const location =
    typeof file === "string" && typeof line === "number" && typeof column === "number"
      ? { location: { file, line, column } }
      : {};
  return {
    // The server may know codes this CLI does not; they are only printed, never matched on.
    code: clean(d.code) as DiagnosticCode,
    severity: d.severity === "warning" ? "warning" : "error",
    message: clean(d.message),
    hint: typeof d.hint === "string" ? clean(d.hint) : "",
    ...location,
  };
}
