import { parse, positionalsOf, requireServer, SERVER_OPTIONS, wholeNumber } from "../args.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, type ServerClient } from "../remote/client.js";

const ACTIONS = ["start", "stop", "report", "replay"] as const;

/**
 * `switchyard shadow start|stop|report|replay WORKFLOW`: runs a version in shadow beside the live
 * one, ends it, prints its shadow report with the promotion gates (text, or the API's JSON with
 * --json), or replays the last --days of stored events through it and reports.
 */
export async function shadowCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    version: { type: "string" },
    days: { type: "string" },
    reason: { type: "string" },
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  const [action, ...rest] = positionals;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
    throw new UsageError(
      action === undefined
        ? "'shadow' needs start, stop, report or replay."
        : `'shadow ${action}' is not a command.`,
      "Run 'switchyard shadow report WORKFLOW', or see 'switchyard help'.",
    );
  const [workflow = ""] = positionalsOf(`shadow ${action}`, rest, ["WORKFLOW"]);
  const version = wholeNumber(values.version, "--version");
  const client = requireServer(`shadow ${action}`, values);
  const base = `api/workflows/${encodeURIComponent(workflow)}`;
  switch (action) {
    case "start": {
      if (version === undefined) throw new UsageError("'shadow start' needs --version N.");
      await client.request({ method: "POST", path: `${base}/shadow/start`, body: { version } });
      io.stdout.write(`${workflow}@${version} is in shadow.\n`);
      return EXIT.ok;
    }
    case "stop": {
      const { body } = await client.request({
        method: "POST",
        path: `${base}/shadow/stop`,
        body: values.reason === undefined ? {} : { reason: values.reason },
      });
      io.stdout.write(
        `${workflow}@${String((body as { version?: unknown }).version)} left shadow (retired).\n`,
      );
      return EXIT.ok;
    }
    case "replay": {
      const days = wholeNumber(values.days, "--days");
      if (days === undefined) throw new UsageError("'shadow replay' needs --days N.");
      const { body } = await client.request({
        method: "POST",
        path: `${base}/shadow/replay`,
        body: { days, ...(version === undefined ? {} : { version }) },
      });
      if (values.json) io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      else await printReport(client, base, (body as { version?: number }).version, io);
      return EXIT.ok;
    }
    default: {
      if (values.json) {
        const { body } = await client.request({ method: "GET", path: `${base}/shadow`, query: { version } });
        io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else await printReport(client, base, version, io);
      return EXIT.ok;
    }
  }
}

/** The server's text rendering of the report and gates, control characters removed line by line. */
async function printReport(client: ServerClient, base: string, version: number | undefined, io: CliIO) {
  const { body } = await client.request({
    method: "GET",
    path: `${base}/shadow`,
    query: { version, format: "text" },
    accept: "text",
  });
  const text = typeof body === "string" ? body : JSON.stringify(body, null, 2);
  io.stdout.write(`${text.split("\n").map(clean).join("\n").trimEnd()}\n`);
}
