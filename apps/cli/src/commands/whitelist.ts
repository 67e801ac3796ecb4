import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse, requireServer, SERVER_OPTIONS, wholeNumber } from "../args.js";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { clean, unexpectedAnswer } from "../remote/client.js";

/**
 * `switchyard whitelist list [--json]`, `whitelist add ID@VERSION --owner O [--quota N] [--file
 * component.yaml]` and `whitelist remove ID@VERSION`: the components IT approved for the tenant.
 */
export async function whitelistCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = parse(args, {
    owner: { type: "string" },
    quota: { type: "string" },
    file: { type: "string" },
    json: { type: "boolean", default: false },
    ...SERVER_OPTIONS,
  });
  const [action, ref, ...extra] = positionals;
  if (extra.length > 0)
    throw new UsageError(
      `'whitelist ${action}' takes one ID@VERSION; got '${positionals.slice(1).join(" ")}'.`,
    );
  if (action === "list") {
    const { body } = await requireServer("whitelist list", values).request({
      method: "GET",
      path: "api/components/whitelist",
    });
    const entries = (body as { whitelist?: unknown }).whitelist;
    if (!Array.isArray(entries)) throw unexpectedAnswer("GET /api/components/whitelist");
    if (values.json) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    else
      for (const e of entries as Record<string, unknown>[])
        io.stdout.write(
          `${clean(String(e.componentId))}@${clean(String(e.version))} owner=${clean(String(e.owner))} quota=${e.callsPerMinute === null ? "none" : `${String(e.callsPerMinute)}/min`} added by ${clean(String(e.addedBy))}\n`,
        );
    return EXIT.ok;
  }
  if (action !== "add" && action !== "remove")
    throw new UsageError(
      action === undefined
        ? "'whitelist' needs list, add or remove."
        : `'whitelist ${action}' is not a command.`,
      "Run 'switchyard whitelist list', or 'switchyard whitelist add core.email@1.0.0 --owner it'.",
    );
  const { id, version } = componentRef(ref, action);
  if (action === "remove") {
    await requireServer("whitelist remove", values).request({
      method: "DELETE",
      path: `api/components/whitelist/${encodeURIComponent(id)}/${encodeURIComponent(version)}`,
    });
    io.stdout.write(`${id}@${version} removed from the whitelist.\n`);
    return EXIT.ok;
  }
  if (values.owner === undefined)
    throw new UsageError("'whitelist add' needs --owner (the team answerable for the component).");
  const quota = wholeNumber(values.quota, "--quota");
  const source = values.file === undefined ? undefined : await readComponent(values.file, io);
  const { body } = await requireServer("whitelist add", values).request({
    method: "POST",
    path: "api/components/whitelist",
    body: {
      componentId: id,
      version,
      owner: values.owner,
      ...(quota === undefined ? {} : { callsPerMinute: quota }),
      ...(source === undefined ? {} : { source }),
    },
  });
  const hash = (body as { contentHash?: unknown }).contentHash;
  io.stdout.write(
    `${id}@${version} approved${typeof hash === "string" ? ` (content ${clean(hash).slice(0, 12)}…)` : ""}.\n`,
  );
  return EXIT.ok;
}

function componentRef(ref: string | undefined, action: string): { id: string; version: string } {
  const at = ref?.lastIndexOf("@") ?? -1;
  if (ref === undefined || at <= 0 || at === ref.length - 1)
    throw new UsageError(
      `'whitelist ${action}' needs the component as ID@VERSION.`,
      "Example: rebate.distributor-rebate@2.3.0",
    );
  return { id: ref.slice(0, at), version: ref.slice(at + 1) };
}

async function readComponent(file: string, io: CliIO): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), "utf8");
  } catch {
    throw new UsageError(`Cannot read '${file}'.`, "Give the component's YAML file with --file.");
  }
}
