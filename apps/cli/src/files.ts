import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { SourceFile } from "@switchyard/definitions";
import { UsageError } from "./io.js";

const DEFINITION_FILE = /\.(ya?ml)$/i;
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", ".git", "coverage", "data"]);

/**
 * Expands the paths a user named into definition files: folders are searched for .yaml/.yml
 * files (a .json file counts only when named directly). Paths are reported relative to cwd.
 */
export async function collectFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info)
      throw new UsageError(
        `'${given}' does not exist.`,
        "Check the path; it is relative to the current folder.",
      );
    if (info.isDirectory()) found.push(...(await walk(absolute)));
    else found.push(absolute);
  }
  return [...new Set(found)].map((f) => path.relative(cwd, f) || f).sort();
}

async function walk(folder: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".") || SKIPPED_FOLDERS.has(entry.name)) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && DEFINITION_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

/** Reads files as UTF-8 text; an unreadable or non-text file becomes a source the validator reports. */
export async function readSources(
  files: readonly string[],
  cwd: string,
): Promise<{ sources: SourceFile[]; unreadable: { file: string; reason: string }[] }> {
  const sources: SourceFile[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  for (const file of files) {
    try {
      const bytes = await readFile(path.resolve(cwd, file));
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      sources.push({ path: file.split(path.sep).join("/"), text });
    } catch (error) {
      const reason =
        error instanceof TypeError
          ? "it is not UTF-8 text"
          : error instanceof Error
            ? error.message
            : String(error);
      unreadable.push({ file, reason });
    }
  }
  return { sources, unreadable };
}
