import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Bundle, parseSource, type SourceFile } from "@switchyard/definitions";

/** A template on disk: its bundle manifest, the files it includes, and its README. */
export interface Template {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly industry: string | undefined;
  readonly scenarios: readonly string[];
  readonly readme: string;
  /** The bundle file first, then the definitions it includes (paths relative to the template). */
  readonly files: readonly SourceFile[];
}

/** Reads every `templates/<folder>/*.bundle.yaml` (with the files it includes) under `dir`. */
export function readTemplates(dir: string): Template[] {
  let folders: string[];
  try {
    folders = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isDirectory());
  } catch {
    return [];
  }
  const templates: Template[] = [];
  for (const folder of folders.sort()) {
    const root = path.join(dir, folder);
    const manifest = readdirSync(root).find((f) => f.endsWith(".bundle.yaml"));
    if (!manifest) continue;
    const text = readFileSync(path.join(root, manifest), "utf8");
    const bundle = parseSource(text, manifest).document?.value as Bundle | undefined;
    if (!bundle || bundle.kind !== "bundle") continue;
    const files: SourceFile[] = [{ path: manifest, text }];
    for (const include of bundle.include ?? []) {
      try {
        files.push({ path: include, text: readFileSync(path.join(root, include), "utf8") });
      } catch {
        // A missing include is reported by validation when the template is imported.
      }
    }
    let readme = "";
    try {
      readme = readFileSync(path.join(root, "README.md"), "utf8");
    } catch {
      readme = "";
    }
    templates.push({
      id: bundle.id,
      name: bundle.name,
      version: bundle.version,
      description: bundle.description ?? "",
      industry: bundle.manifest?.industry,
      scenarios: bundle.manifest?.scenarios ?? [],
      readme,
      files,
    });
  }
  return templates;
}
