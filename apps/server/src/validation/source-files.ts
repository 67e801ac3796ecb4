import { closed } from "./schema.js";

/** The largest definition file a request may carry, in characters. */
export const MAX_SOURCE = 1_000_000;

/**
 * The `files` of a request that hands in definitions (validate, publish, import): one to a
 * thousand `{ path, text }` pairs; `path` names the file in what the answer reports.
 */
export function sourceFiles(reportedIn: "problems" | "diagnostics") {
  return {
    type: "array",
    minItems: 1,
    maxItems: 1000,
    items: closed(
      {
        path: { type: "string", minLength: 1, maxLength: 500, description: `Reported in ${reportedIn}.` },
        text: { type: "string", maxLength: MAX_SOURCE, description: "The file's YAML or JSON text." },
      },
      ["path", "text"],
    ),
  } as const;
}
