import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatSource } from "@switchyard/definitions";
import { collectFiles } from "../files.js";
import { type CliIO, EXIT, UsageError } from "../io.js";

/** `switchyard format PATH... [--check]`: rewrites definitions in canonical form, keeping comments. */
export async function formatCommand(
  paths: readonly string[],
  options: { check: boolean },
  io: CliIO,
): Promise<number> {
  if (paths.length === 0)
    throw new UsageError(
      "Name at least one file or folder to format.",
      "Example: switchyard format examples",
    );
  const files = await collectFiles(paths, io.cwd);
  let unformatted = 0;
  let unreadable = 0;
  for (const file of files) {
    const absolute = path.resolve(io.cwd, file);
    const text = await readFile(absolute, "utf8");
    const formatted = formatSource(text, file);
    if (formatted === undefined) {
      unreadable++;
      io.stderr.write(
        `${file}: not formatted, it does not parse (run 'switchyard validate ${file}' to see why).\n`,
      );
      continue;
    }
    if (formatted === text) continue;
    unformatted++;
    if (options.check) io.stdout.write(`${file}: not in canonical form\n`);
    else {
      await writeFile(absolute, formatted, "utf8");
      io.stdout.write(`${file}: formatted\n`);
    }
  }
  if (options.check && unformatted === 0 && unreadable === 0)
    io.stdout.write(`✓ ${files.length} files in canonical form.\n`);
  return (options.check && unformatted > 0) || unreadable > 0 ? EXIT.invalid : EXIT.ok;
}
