import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../src/index.js";

/** Runs the CLI in-process in `cwd`, capturing what it prints and its exit code. */
export async function runCli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
  });
  return { code, stdout, stderr };
}

/** A temporary folder holding the given files. */
export function tempProject(files: Record<string, string>, prefix = "switchyard-cli-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
