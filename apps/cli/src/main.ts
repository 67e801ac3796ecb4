import { parse, SERVER_OPTIONS } from "./args.js";
import { auditCommand } from "./commands/audit.js";
import { breakerCommand } from "./commands/breaker.js";
import { exportCommand } from "./commands/export.js";
import { formatCommand } from "./commands/format.js";
import { diffCommand, lineageCommand } from "./commands/history.js";
import { approveCommand, promoteCommand, rollbackCommand } from "./commands/promote.js";
import { publishCommand } from "./commands/publish.js";
import { runCommand } from "./commands/run.js";
import { localRunHistory, runsCommand } from "./commands/runs.js";
import { schemaCommand } from "./commands/schema.js";
import { sendCommand } from "./commands/send.js";
import { shadowCommand } from "./commands/shadow.js";
import { importCommand, templatesCommand } from "./commands/templates.js";
import { validateCommand } from "./commands/validate.js";
import { whitelistCommand } from "./commands/whitelist.js";
import { workerCommand } from "./commands/worker.js";
import { type CliIO, EXIT, UsageError } from "./io.js";
import { RemoteError, ServerClient } from "./remote/client.js";
import { serverRunHistory } from "./remote/runs.js";
import { serverTarget } from "./remote/target.js";

const HELP = `switchyard — workflows and forms for CRM teams

Usage:
  switchyard validate PATH... [--json] [--server URL]
                                         Check definitions (files or folders); exit 0 valid, 1 invalid, 2 usage.
                                         With --server, the server's validator checks them
  switchyard format PATH... [--check]    Rewrite definitions in canonical form (comments kept)
  switchyard schema KIND                 Print the JSON Schema of a kind (workflow, entity, form, …)
  switchyard run WORKFLOW --events FILE.jsonl [--db PATH] [--json] [--send]
                                         Publish the workflow's folder to the local store and run the
                                         events through it; prints each run's steps and effects
  switchyard runs [RUN_ID] [--workflow ID] [--db PATH | --server URL] [--json] [--limit N]
                                         Run history, or one run's timeline with outputs and reasons,
                                         from the local store or a server
  switchyard send --events FILE.jsonl [--type T] --server URL
                                         Send each line ({"type", "payload", "id"?}, or a payload with
                                         --type) to a server; prints 'ID accepted|duplicate' per event
  switchyard audit verify [--tenant T] [--db PATH] [--json]
                                         Recompute each tenant's audit hash chain (or one tenant's) in
                                         the local store; names the first altered, missing or moved
                                         entry and exits 1 if any chain is broken (docs/audit.md)
  switchyard audit list [--tenant T] [--db PATH] [--json]
                                         Print the audit entries of each tenant (or one tenant)
  switchyard help                        Show this text

Governance (on a server: --server and --token; docs/cli.md):
  switchyard publish PATH... [--justify FILE.json] [--no-shadow] [--json]
                                         Publish definitions: validated, whitelist and compliance
                                         checked; workflows start in shadow. Refused: exit 1, with
                                         each problem as file:line:column
  switchyard shadow start|stop|report|replay WORKFLOW [--version N] [--days N] [--reason T] [--json]
                                         Run a version in shadow, end it, print its shadow report and
                                         gates (text; --json for the API's JSON), or replay --days of
                                         stored events through it
  switchyard approve WORKFLOW VERSION [--reject] [--comment T]
                                         Sign off (or reject) a version in shadow (approvers)
  switchyard promote WORKFLOW [--version N] [--force REASON]
                                         Make the shadow version live; failed gates: exit 1
  switchyard rollback WORKFLOW [--to N] [--reason T]
                                         Make an earlier version live again
  switchyard diff KIND ID FROM TO [--json]
                                         What changed between two versions of a definition, one
                                         line per change (workflows by steps, edges, conditions)
  switchyard lineage WORKFLOW VERSION [--compare N] [--json]
                                         The entity fields each step reads and writes; --compare
                                         lists what each step reads or writes now (+) and no longer (-)
  switchyard breaker status|reset [KEY] [--probe] [--include-anomalies] [--json]
                                         Circuit breakers and the runs they hold; reset closes one
                                         (or lets one held run through with --probe)
  switchyard whitelist list|add|remove [ID@VERSION] [--owner O] [--quota N] [--file component.yaml]
                                         The components IT approved (add and remove: IT admins)
  switchyard templates [--json]          The industry templates the server ships
  switchyard import --template ID | PATH [--keep-existing] [--json]
                                         Import a template, or a bundle (a folder with a
                                         *.bundle.yaml, or the file): definitions published,
                                         workflows as drafts. Conflicts or problems: exit 1
  switchyard export [--only KIND/ID,...] [--out FILE] [--id ID] [--name NAME] [--version V]
                                         The tenant's configuration as one bundle file (definitions
                                         inline), to stdout or FILE; import it elsewhere with
                                         'switchyard import FILE' (IT admins)
  switchyard worker                      Run workflows from the shared PostgreSQL database
                                         (DATABASE_URL) beside API servers; stops on SIGTERM

Talking to a server (validate, runs, send and the governance commands):
  --server URL   the server's base URL, e.g. http://127.0.0.1:3000 (or set SWITCHYARD_SERVER)
  --token T      an API token (or set SWITCHYARD_TOKEN). Create one from a signed-in session:
                 POST /api/auth/login, then POST /api/auth/tokens {"name": "cli"} (docs/security.md)
  Exit codes: 0 ok, 1 invalid or refused by the server, 2 usage, connection or token problem.
  'runs --db PATH' reads the local store even when SWITCHYARD_SERVER is set.

Docs: docs/definitions.md, docs/api.md, docs/cli.md, docs/audit.md
`;

/** Runs the CLI and returns the exit code. Never throws: every failure becomes a message and a code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "validate": {
        const { positionals, values } = parse(rest, {
          json: { type: "boolean", default: false },
          ...SERVER_OPTIONS,
        });
        const server = serverTarget(values, process.env);
        return await validateCommand(positionals, { json: values.json === true, server }, io);
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
          ...SERVER_OPTIONS,
        });
        const limit = Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError("--limit takes a whole number above 0.");
        const options = {
          json: values.json === true,
          limit,
          ...(typeof values.workflow === "string" ? { workflow: values.workflow } : {}),
        };
        const server = serverTarget(values, process.env);
        const history = server ? serverRunHistory(new ServerClient(server)) : localRunHistory(values.db, io);
        return await runsCommand(positionals[0], options, history, io);
      }
      case "send": {
        const { positionals, values } = parse(rest, {
          events: { type: "string" },
          type: { type: "string" },
          ...SERVER_OPTIONS,
        });
        if (positionals.length > 0)
          throw new UsageError(
            `'send' takes no file names; got '${positionals.join(" ")}'.`,
            "Name the events file with --events FILE.jsonl.",
          );
        const server = serverTarget(values, process.env);
        return await sendCommand({ events: values.events, type: values.type, server }, io);
      }
      case "audit": {
        const { positionals, values } = parse(rest, {
          tenant: { type: "string" },
          db: { type: "string" },
          json: { type: "boolean", default: false },
        });
        const options = {
          json: values.json === true,
          ...(typeof values.tenant === "string" ? { tenant: values.tenant } : {}),
          ...(typeof values.db === "string" ? { db: values.db } : {}),
        };
        if (positionals.length > 1)
          throw new UsageError(
            `'audit ${positionals[0]}' takes no arguments; got '${positionals.slice(1).join(" ")}'.`,
          );
        return await auditCommand(positionals[0], options, io);
      }
      case "publish":
        return await publishCommand(rest, io);
      case "shadow":
        return await shadowCommand(rest, io);
      case "approve":
        return await approveCommand(rest, io);
      case "promote":
        return await promoteCommand(rest, io);
      case "rollback":
        return await rollbackCommand(rest, io);
      case "diff":
        return await diffCommand(rest, io);
      case "lineage":
        return await lineageCommand(rest, io);
      case "breaker":
        return await breakerCommand(rest, io);
      case "whitelist":
        return await whitelistCommand(rest, io);
      case "templates":
        return await templatesCommand(rest, io);
      case "import":
        return await importCommand(rest, io);
      case "export":
        return await exportCommand(rest, io);
      case "worker":
        return await workerCommand(io);
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
    if (error instanceof RemoteError) {
      io.stderr.write(`switchyard: ${error.message}\n  hint: ${error.hint}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `switchyard: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n  hint: this is a bug in Switchyard; please report it with the command you ran.\n`,
    );
    return EXIT.invalid;
  }
}
