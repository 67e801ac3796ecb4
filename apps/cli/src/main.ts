import { parseArgs } from "node:util";
import { formatCommand } from "./commands/format.js";
import { runCommand } from "./commands/run.js";
import { runsCommand } from "./commands/runs.js";
import { schemaCommand } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";
import { type CliIO, EXIT, UsageError } from "./io.js";

const HELP = `switchyard — workflows and forms for CRM teams

Usage:
  switchyard validate PATH... [--json]   Check definitions (files or folders); exit 0 valid, 1 invalid, 2 usage
  switchyard format PATH... [--check]    Rewrite definitions in canonical form (comments kept)
  switchyard schema KIND                 Print the JSON Schema of a kind (workflow, entity, form, …)
  switchyard run WORKFLOW --events FILE.jsonl [--db PATH] [--json] [--send]
                                         Publish the workflow's folder to the local store and run the
                                         events through it; prints each run's steps and effects
  switchyard runs [RUN_ID] [--workflow ID] [--db PATH] [--json] [--limit N]
                                         Run history, or one run's timeline with outputs and reasons
  switchyard help                        Show this text

Docs: docs/definitions.md
`;

/** Runs the CLI and returns the exit code. Never throws: every failure becomes a message and a code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "validate": {
        const { positionals, values } = parse(rest, { json: { type: "boolean", default: false } });
        return await validateCommand(positionals, { json: values.json === true }, io);
      }
      case "format": {
        const { positionals, values } = parse(rest, { check: { type: "boolean", default: false } });
        return await formatCommand(positionals, { check: values.check === true }, io);
      }
      case "run": {
        const { positionals, values } = parse(rest, {
          events: { type: "string" },
          db: { type: "string" },
          json: { type: "boolean", default: false },
          send: { type: "boolean", default: false },
        });
        const options = {
          json: values.json === true,
          send: values.send === true,
          ...(typeof values.events === "string" ? { events: values.events } : {}),
          ...(typeof values.db === "string" ? { db: values.db } : {}),
        };
        return await runCommand(positionals[0], options, io);
      }
      case "runs": {
        const { positionals, values } = parse(rest, {
          workflow: { type: "string" },
          db: { type: "string" },
          json: { type: "boolean", default: false },
          limit: { type: "string", default: "50" },
        });
        const limit = Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError("--limit takes a whole number above 0.");
        const options = {
          json: values.json === true,
          limit,
          ...(typeof values.workflow === "string" ? { workflow: values.workflow } : {}),
          ...(typeof values.db === "string" ? { db: values.db } : {}),
        };
        return await runsCommand(positionals[0], options, io);
      }
      case "schema": {
        const { positionals } = parse(rest, {});
        return schemaCommand(positionals[0], io);
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout.write(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`'${command}' is not a command.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`switchyard: ${error.message}\n  hint: ${error.hint}\n`);
      return EXIT.usage;
    }
    io.stderr.write(
      `switchyard: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n  hint: this is a bug in Switchyard; please report it with the command you ran.\n`,
    );
    return EXIT.invalid;
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

function parse<const T extends Options>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message.replace(/\. To specify.*$/, "") : String(error),
    );
  }
}
