import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Component, type SourceFile, validateSources } from "@switchyard/definitions";
import type { ServerContext } from "../context.js";
import { DEMO_EVENTS, DEMO_RECORDS, DEMO_TENANT, DEMO_USERS, type DemoUser } from "./demo-data.js";

/** Creates a user with a membership in a tenant; provided by the auth module. */
export type CreateUser = (input: {
  tenantId: string;
  username: string;
  displayName: string;
  password: string;
  roles: DemoUser["roles"];
  region?: string;
  managerId?: string;
}) => Promise<{ id: string }>;

/** The example projects shipped in the repository (the seed publishes them). */
export function findExamples(from = import.meta.dirname): string | undefined {
  for (let dir = from, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "examples");
    if (existsSync(candidate) && existsSync(path.join(dir, "package.json"))) return candidate;
  }
  return undefined;
}

function yamlFiles(folder: string): SourceFile[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [{ path: full, text: readFileSync(full, "utf8") }] : [];
  });
}

/** What a first start created: the credentials to print once. */
export interface SeedResult {
  readonly tenant: string;
  readonly users: readonly {
    username: string;
    password: string;
    roles: readonly string[];
    region?: string;
  }[];
  readonly published: number;
  readonly events: number;
}

/**
 * Seeds a demo tenant on first start: one user per role (random passwords, returned to be printed
 * once), the example projects published live, the records they refer to, and sample events.
 */
export async function seedDemo(ctx: ServerContext, createUser: CreateUser): Promise<SeedResult> {
  await ctx.store.ensureTenant(DEMO_TENANT.id, DEMO_TENANT.name);
  const ids = new Map<string, string>();
  const users: SeedResult["users"][number][] = [];
  for (const user of DEMO_USERS) {
    const password = randomBytes(12).toString("base64url");
    const managerId = user.manager ? ids.get(user.manager) : undefined;
    const created = await createUser({
      tenantId: DEMO_TENANT.id,
      username: user.username,
      displayName: user.displayName,
      password,
      roles: user.roles,
      ...(user.region ? { region: user.region } : {}),
      ...(managerId ? { managerId } : {}),
    });
    ids.set(user.username, created.id);
    users.push({
      username: user.username,
      password,
      roles: user.roles,
      ...(user.region ? { region: user.region } : {}),
    });
  }
  const examples = findExamples();
  let published = 0;
  // The server enforces the whitelist: approve what the demo content uses before publishing it.
  await ctx.lifecycle.whitelistBuiltins(DEMO_TENANT.id, "seed");
  if (examples) {
    const files = yamlFiles(examples);
    await whitelistExampleComponents(ctx, files);
    // Pre-approved demo content: published live directly, without the shadow run and sign-off.
    const deployed = await ctx.engine.deploy(DEMO_TENANT.id, files, "seed");
    if (!deployed.ok)
      ctx.logger.warn(
        { diagnostics: deployed.diagnostics.length },
        "the examples did not validate; none published",
      );
    published = deployed.published.length;
  }
  for (const record of DEMO_RECORDS) {
    const indexed: Record<string, string> = { id: record.id };
    for (const [k, v] of Object.entries(record.data)) if (typeof v !== "object") indexed[k] = String(v);
    await ctx.store.writeRecord(
      DEMO_TENANT.id,
      {
        entity: record.entity,
        id: record.id,
        op: "create",
        data: record.data,
        writeKey: `seed:${randomUUID()}`,
        indexed,
      },
      "seed",
    );
  }
  for (const event of DEMO_EVENTS) {
    await ctx.engine.ingest({
      tenantId: DEMO_TENANT.id,
      id: event.id,
      idempotencyKey: event.id,
      type: event.type,
      payload: event.payload,
      source: "seed",
    });
  }
  return { tenant: DEMO_TENANT.id, users, published, events: DEMO_EVENTS.length };
}

/**
 * Puts the examples' custom components (`*.component.yaml`) on the demo tenant's whitelist, owned
 * by the team each component names. A component file that does not validate is skipped (the
 * deploy reports it).
 */
async function whitelistExampleComponents(ctx: ServerContext, files: readonly SourceFile[]): Promise<void> {
  const report = validateSources(files.filter((f) => f.path.endsWith(".component.yaml")));
  for (const d of report.definitions) {
    if (d.kind !== "component" || !d.valid) continue;
    const component = d.definition as Component;
    await ctx.lifecycle.whitelistAdd(
      DEMO_TENANT.id,
      { componentId: component.id, version: component.version, owner: component.owner, component },
      "seed",
    );
  }
}
