import { parse, requireServer, SERVER_OPTIONS } from "../args.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, unexpectedAnswer } from "../remote/client.js";

/**
 * `switchyard breaker status [KEY] [--json]` lists the circuit breakers (or one) with the runs each
 * holds; `switchyard breaker reset KEY [--probe] [--include-anomalies]` closes an open breaker
 * (releasing what it held) or lets the oldest held run through as a probe.
 */
export async function breakerCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    probe: { type: "boolean", default: false },
    "include-anomalies": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  const [action, key, ...extra] = positionals;
  if (extra.length > 0)
    throw new UsageError(`'breaker ${action}' takes one KEY; got '${positionals.slice(1).join(" ")}'.`);
  if (action === "status") {
    const { body } = await requireServer("breaker status", values).request({
      method: "GET",
      path: "api/breakers",
    });
    const all = (body as { breakers?: unknown }).breakers;
    if (!Array.isArray(all)) throw unexpectedAnswer("GET /api/breakers");
    const rows = (all as Record<string, unknown>[]).filter((b) => key === undefined || b.key === key);
    if (values.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0)
      io.stdout.write(key ? `No breaker '${key}'.\n` : "No breakers have tripped.\n");
    else
      for (const b of rows)
        io.stdout.write(
          `${clean(String(b.key))} ${clean(String(b.state))} held=${String(b.held)} anomalies=${String(b.anomalies)}${typeof b.reason === "string" ? ` — ${clean(b.reason)}` : ""}\n`,
        );
    return EXIT.ok;
  }
  if (action === "reset") {
    if (key === undefined)
      throw new UsageError(
        "'breaker reset' needs the breaker's KEY.",
        "'switchyard breaker status' lists them, e.g. workflow:rebate.monthly-payout@2.",
      );
    const { body } = await requireServer("breaker reset", values).request({
      method: "POST",
      path: `api/breakers/${encodeURIComponent(key)}/reset`,
      body: { mode: values.probe ? "probe" : "close", includeAnomalies: values["include-anomalies"] },
    });
    const done = (body ?? {}) as Record<string, unknown>;
    const review =
      Array.isArray(done.needsReview) && done.needsReview.length > 0
        ? `; needs review: ${done.needsReview.map(String).map(clean).join(", ")}`
        : "";
    if (values.json) io.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
    else
      io.stdout.write(
        `${key} is ${clean(String(done.state))}; runs resumed: ${String(done.resumed)}, restarted: ${String(done.restarted)}${review}.\n`,
      );
    return EXIT.ok;
  }
  throw new UsageError(
    action === undefined ? "'breaker' needs 'status' or 'reset'." : `'breaker ${action}' is not a command.`,
    "Run 'switchyard breaker status' or 'switchyard breaker reset KEY'.",
  );
}
