import { existsSync } from "node:fs";
import path from "node:path";
import type { AuditEntry, AuditVerification, Store } from "@switchyard/store";
import { type CliIO, EXIT, UsageError } from "../io.js";
import { openLocalStore } from "./run.js";

/** What `switchyard audit verify|list` was asked: one tenant or all, which store, which output. */
export interface AuditOptions {
  readonly tenant?: string;
  readonly db?: string;
  readonly json: boolean;
}

/**
 * `switchyard audit verify` recomputes each tenant's audit chain in the local store and names the
 * first bad entry (exit 1 if any tenant's chain is broken); `audit list` prints the entries.
 */
export async function auditCommand(
  action: string | undefined,
  options: AuditOptions,
  io: CliIO,
): Promise<number> {
  if (action !== "verify" && action !== "list")
    throw new UsageError(
      action === undefined ? "'audit' needs 'verify' or 'list'." : `'audit ${action}' is not a command.`,
      "Run 'switchyard audit verify' or 'switchyard audit list'.",
    );
  const store = openExistingStore(options.db, io);
  try {
    const tenants = options.tenant !== undefined ? [options.tenant] : await store.listTenants();
    return action === "verify"
      ? await verify(store, tenants, options, io)
      : await list(store, tenants, options, io);
  } finally {
    await store.close();
  }
}

async function verify(store: Store, tenants: readonly string[], options: AuditOptions, io: CliIO) {
  const results: (AuditVerification & { tenant: string })[] = [];
  for (const tenant of tenants) results.push({ tenant, ...(await store.audit.verify(tenant)) });
  const ok = results.every((r) => r.ok);
  if (options.json) io.stdout.write(`${JSON.stringify({ ok, tenants: results }, null, 2)}\n`);
  else if (results.length === 0) io.stdout.write("No tenants in this store; nothing to verify.\n");
  else
    for (const r of results)
      io.stdout.write(
        r.ok
          ? `✓ tenant ${r.tenant}: ${r.entries} ${r.entries === 1 ? "entry" : "entries"}, chain intact (head ${r.headHash})\n`
          : `✗ tenant ${r.tenant}: ${r.message} [${r.reason}]\n`,
      );
  return ok ? EXIT.ok : EXIT.invalid;
}

async function list(store: Store, tenants: readonly string[], options: AuditOptions, io: CliIO) {
  const all: AuditEntry[] = [];
  for (const tenant of tenants) {
    const entries = await allEntries(store, tenant);
    all.push(...entries);
    if (options.json) continue;
    io.stdout.write(`tenant ${tenant}: ${entries.length} ${entries.length === 1 ? "entry" : "entries"}\n`);
    for (const e of entries)
      io.stdout.write(
        `  ${e.seq}  ${new Date(e.at).toISOString()}  ${e.actor}  ${e.action}  ${e.object}${e.version === null ? "" : ` v${e.version}`}  ${JSON.stringify(e.detail)}\n`,
      );
  }
  if (options.json) io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  return EXIT.ok;
}

async function allEntries(store: Store, tenant: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (;;) {
    const page = await store.audit.list(tenant, { afterSeq: entries.at(-1)?.seq ?? 0, limit: 1000 });
    entries.push(...page);
    if (page.length < 1000) return entries;
  }
}

/**
 * Opens the local store, refusing a --db that does not exist: verifying a mistyped path would
 * otherwise create an empty store and report nothing wrong. (Same default path as openLocalStore.)
 */
function openExistingStore(db: string | undefined, io: CliIO): Store {
  if (db !== undefined && !existsSync(path.resolve(io.cwd, db)))
    throw new UsageError(`There is no store at '${db}'.`, "Pass the store file with --db PATH.");
  return openLocalStore(db, io);
}
