import { parse, positionalsOf, requireServer, SERVER_OPTIONS, wholeNumber } from "../args.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { explainRefusal } from "../remote/refusals.js";

const path = (workflow: string) => `api/workflows/${encodeURIComponent(workflow)}`;

/** `switchyard approve WORKFLOW VERSION [--reject] [--comment T]`: an approver's sign-off. */
export async function approveCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    reject: { type: "boolean", default: false },
    comment: { type: "string" },
    ...SERVER_OPTIONS,
  });
  const [workflow = "", given] = positionalsOf("approve", positionals, ["WORKFLOW", "VERSION"]);
  const version = wholeNumber(given, "VERSION");
  const decision = values.reject ? "rejected" : "approved";
  await requireServer("approve", values).request({
    method: "POST",
    path: `${path(workflow)}/versions/${String(version)}/approval`,
    body: { decision, ...(values.comment === undefined ? {} : { comment: values.comment }) },
  });
  io.stdout.write(`${workflow}@${String(version)} ${decision}.\n`);
  return EXIT.ok;
}

/**
 * `switchyard promote WORKFLOW [--version N] [--force REASON]`: makes the shadow version live. Gates
 * that fail are listed and the command exits 1, unless --force gives a reason to promote anyway.
 */
export async function promoteCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    version: { type: "string" },
    force: { type: "string" },
    ...SERVER_OPTIONS,
  });
  const [workflow = ""] = positionalsOf("promote", positionals, ["WORKFLOW"]);
  const version = wholeNumber(values.version, "--version");
  if (values.force !== undefined && values.force.trim() === "")
    throw new UsageError("--force needs a reason.", 'Example: --force "hotfix for the Q3 price list"');
  let body: unknown;
  try {
    ({ body } = await requireServer("promote", values).request({
      method: "POST",
      path: `${path(workflow)}/promote`,
      body: {
        ...(version === undefined ? {} : { version }),
        ...(values.force === undefined ? {} : { force: { reason: values.force } }),
      },
    }));
  } catch (error) {
    explainRefusal(error, io);
  }
  const done = (body ?? {}) as { version?: unknown; previous?: unknown; forced?: unknown };
  const was = typeof done.previous === "number" ? ` (was @${done.previous})` : "";
  io.stdout.write(
    `${workflow}@${String(done.version)} is live${was}${done.forced === true ? ", forced" : ""}.\n`,
  );
  return EXIT.ok;
}

/** `switchyard rollback WORKFLOW [--to N] [--reason T]`: makes an earlier version live again. */
export async function rollbackCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    to: { type: "string" },
    reason: { type: "string" },
    ...SERVER_OPTIONS,
  });
  const [workflow = ""] = positionalsOf("rollback", positionals, ["WORKFLOW"]);
  const to = wholeNumber(values.to, "--to");
  const { body } = await requireServer("rollback", values).request({
    method: "POST",
    path: `${path(workflow)}/rollback`,
    body: {
      ...(to === undefined ? {} : { toVersion: to }),
      ...(values.reason === undefined ? {} : { reason: values.reason }),
    },
  });
  const done = (body ?? {}) as { from?: unknown; to?: unknown; resumed?: unknown; restarted?: unknown };
  io.stdout.write(
    `${workflow}@${String(done.to)} is live again (was @${String(done.from)}); held runs resumed: ${String(done.resumed ?? 0)}, restarted: ${String(done.restarted ?? 0)}.\n`,
  );
  return EXIT.ok;
}
