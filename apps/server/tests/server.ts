import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Engine, Lifecycle } from "@switchyard/runtime";
import { openSqliteStore, type Store } from "@switchyard/store";
import { pino } from "pino";
import { createRequestListener } from "../src/app.js";
import type { Role } from "../src/auth/principal.js";
import { createUser } from "../src/auth/users.js";
import type { ServerContext } from "../src/context.js";
import { APPROVAL_WORKFLOW, LEAD_ENTITY } from "../src/routes/testing.js";

/** A signed-in user of a test server: their session cookie and CSRF token. */
export interface Caller {
  readonly name: string;
  readonly role?: Role;
  readonly region?: string;
  cookie?: string;
  csrf?: string;
  id?: string;
}

export const PASSWORD = "correct horse battery staple";

/**
 * The real application (real authentication, sessions, CSRF) on an ephemeral port, over an
 * in-memory store. Each tenant gets the lead entity, the approval workflow (region east), a record,
 * and a run waiting on an approval task; each caller is created and signed in.
 */
export async function startTestServer(tenants: Record<string, Caller[]>) {
  const store: Store = openSqliteStore(":memory:");
  const engine = new Engine({ store });
  const lifecycle = new Lifecycle({ engine, store });
  const ctx: ServerContext = { store, engine, lifecycle, now: Date.now, logger: pino({ level: "silent" }) };
  const ids: Record<string, Record<string, string>> = {};
  for (const [tenant, callers] of Object.entries(tenants)) {
    const project = [
      { path: "lead.entity.yaml", text: LEAD_ENTITY },
      { path: "approve.workflow.yaml", text: APPROVAL_WORKFLOW },
    ];
    const deployed = await engine.deploy(tenant, project, "test");
    if (!deployed.ok) throw new Error("test project invalid");
    for (const c of callers) {
      const input = {
        tenantId: tenant,
        username: c.name,
        displayName: c.name,
        password: PASSWORD,
        roles: [c.role ?? "viewer"],
      };
      c.id = (await createUser(store, { ...input, ...(c.region ? { region: c.region } : {}) })).id;
    }
    const record = {
      entity: "lead",
      id: `${tenant}-L1`,
      op: "create" as const,
      data: { name: "Lead" },
      writeKey: `seed:${tenant}`,
      indexed: { id: `${tenant}-L1` },
    };
    await store.writeRecord(tenant, record, "test");
    await engine.ingest({
      tenantId: tenant,
      id: `${tenant}-e1`,
      type: "lead.received",
      payload: { name: "Waiting" },
    });
    await engine.drain();
    const [run] = await store.listRuns({ tenantId: tenant });
    const [task] = await store.listTasks(tenant, "open");
    ids[tenant] = {
      record: record.id,
      run: run?.id ?? "",
      task: task?.id ?? "",
      viewer: callers.at(-1)?.id ?? "",
    };
  }
  // The production listener: the ingestion fast path in front of the Express application.
  const server = createServer(createRequestListener(ctx)).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const c of Object.values(tenants).flat()) {
    const response = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: c.name, password: PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login failed for ${c.name}`);
    c.cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
    c.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
  }
  /** Sends a request as `caller` (session + CSRF); `raw` sends text as is instead of JSON. */
  async function call(method: string, path: string, caller?: Caller, body?: unknown, raw?: string) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (caller?.cookie) headers.cookie = caller.cookie;
    if (caller?.csrf) headers["x-csrf-token"] = caller.csrf;
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const response = await fetch(`${base}${path}`, {
      method: method.toUpperCase(),
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    return { status: response.status, text: await response.text() };
  }
  return {
    store,
    ids,
    call,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await engine.close();
      await store.close();
    },
  };
}
