/**
 * Test support for the route tests: a real store and engine on an in-memory database, two tenants
 * with a small project each, and an Express app whose authentication is faked by an
 * `X-Test-User` header. The permission check is a stand-in too (`fakePolicy`, installed with
 * `vi.mock("../auth/policy.js", …)`), so the routes are tested apart from the auth module.
 *
 * This module must not import the routers (they import the policy module being mocked); tests
 * pass their routers in.
 */
import type { AddressInfo } from "node:net";
import { Engine, Lifecycle } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import { pino } from "pino";
import type { Permission, Principal } from "../auth/principal.js";
import "../auth/request.js";
import type { ServerContext } from "../context.js";
import { errorHandler, forbidden, unauthenticated } from "../errors.js";

const ALL: readonly Permission[] = [
  "definitions:read",
  "definitions:edit",
  "definitions:publish",
  "definitions:approve",
  "definitions:promote",
  "definitions:rollback",
  "breakers:manage",
  "components:whitelist",
  "runs:read",
  "events:ingest",
  "records:read",
  "records:write",
  "tasks:complete",
  "users:manage",
  "templates:manage",
  "templates:import",
  "audit:read",
];
const EDITOR: readonly Permission[] = [
  "definitions:read",
  "definitions:edit",
  "definitions:publish",
  "definitions:promote",
  "definitions:rollback",
  "breakers:manage",
  "runs:read",
  "events:ingest",
  "records:read",
  "records:write",
  "tasks:complete",
  "templates:import",
];

const user = (
  name: string,
  tenantId: string,
  roles: Principal["roles"],
  region: string | undefined,
  permissions: readonly Permission[],
) => ({
  principal: {
    userId: `u-${name}`,
    username: name,
    tenantId,
    roles,
    region,
    subordinates: [],
    via: "token" as const,
  },
  permissions,
});

/** The callers tests act as: `X-Test-User: <name>`. `rival` belongs to another tenant. */
export const TEST_USERS = {
  admin: user("admin", "acme", ["it-admin"], "global", ALL),
  east: user("east", "acme", ["process-owner"], "east", EDITOR),
  west: user("west", "acme", ["process-owner"], "west", EDITOR),
  approver: user("approver", "acme", ["approver"], undefined, [
    "definitions:read",
    "definitions:approve",
    "runs:read",
    "records:read",
    "tasks:complete",
  ]),
  viewer: user("viewer", "acme", ["viewer"], undefined, ["definitions:read", "runs:read", "records:read"]),
  rival: user("rival", "globex", ["it-admin"], "global", ALL),
} as const;
export type TestUser = keyof typeof TEST_USERS;

/** Stand-ins for `requirePermission` and `canEditRegion` of auth/policy.ts. */
export const fakePolicy = {
  requirePermission(permission: Permission): RequestHandler {
    return (req: Request, _res: Response, next: NextFunction) => {
      const principal = req.principal;
      if (!principal) return next(unauthenticated());
      const granted = Object.values(TEST_USERS).find((u) => u.principal.userId === principal.userId);
      if (!granted?.permissions.includes(permission)) return next(forbidden(`This needs '${permission}'.`));
      next();
    };
  },
  canEditRegion(principal: Principal, region: string): boolean {
    return principal.region === "global" || principal.region === region;
  },
  canReadRegion(principal: Principal, region: string | undefined): boolean {
    return (
      region === undefined ||
      region === "global" ||
      principal.region === undefined ||
      principal.region === "global" ||
      principal.region === region
    );
  },
};

/** The lead entity both tenants publish. */
export const LEAD_ENTITY = `
kind: entity
id: lead
label: Lead
schema:
  type: object
  required: [name]
  properties:
    name: { type: string, minLength: 1, x-core: true }
    phone: { type: string }
    amount: { type: number, minimum: 0 }
    region: { type: string }
    tags: { type: array, items: { type: string } }
`;

/** A workflow for region `east`, started by `lead.received`, with one approval task. */
export const APPROVAL_WORKFLOW = `
kind: workflow
id: approve-lead
name: Approve lead
owner: ops@acme.example
region: east
entity: lead
triggers:
  - type: event
    event: lead.received
  - type: webhook
    path: crm/lead
start: ask
steps:
  - id: ask
    component: core.approval
    config: { title: "Approve {{ record.name }}", approvers: "['boss@acme.example']" }
    next:
      - { to: yes, when: "output.approved" }
      - { to: no }
  - id: yes
    component: core.set
    config: { fields: { r: "'approved'" } }
  - id: no
    component: core.set
    config: { fields: { r: "'rejected'" } }
`;

/** A JSON answer as tests read it: any key, any depth (each step may be undefined). */
export interface Loose {
  readonly [key: string]: Loose;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text (as `text`). */
  readonly body: Loose;
  readonly text: string;
}

export interface TestApi {
  readonly ctx: ServerContext;
  readonly engine: Engine;
  /** Moves the clock of the engine, the lifecycle and the routes forward. */
  advance(ms: number): void;
  call(
    method: string,
    path: string,
    options?: { as?: TestUser; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

/**
 * Starts the routers on a real HTTP server (port 0) over a fresh in-memory store. Tenant `acme`
 * gets the lead entity, the approval workflow and `files`; tenant `globex` its own lead entity.
 */
export async function testApi(
  routers: (ctx: ServerContext) => readonly Router[],
  files: Record<string, string> = {},
): Promise<TestApi> {
  const store = openSqliteStore(":memory:");
  let now = Date.parse("2026-11-23T09:00:00Z");
  const engine = new Engine({ store, clock: () => now });
  const acme = { "lead.entity.yaml": LEAD_ENTITY, "approve-lead.workflow.yaml": APPROVAL_WORKFLOW, ...files };
  for (const [tenant, project] of [
    ["acme", acme],
    ["globex", { "lead.entity.yaml": LEAD_ENTITY }],
  ] as const) {
    const sources = Object.entries(project).map(([path, text]) => ({ path, text }));
    const deployed = await engine.deploy(tenant, sources, "tester");
    if (!deployed.ok) throw new Error(deployed.diagnostics.map((d) => d.message).join("\n"));
  }
  const lifecycle = new Lifecycle({ engine, store, clock: () => now });
  const ctx: ServerContext = {
    store,
    engine,
    lifecycle,
    now: () => (now += 1000),
    logger: pino({ level: "silent" }),
  };
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  app.use((req, _res, next) => {
    const name = req.get("X-Test-User");
    if (name && Object.hasOwn(TEST_USERS, name)) req.principal = TEST_USERS[name as TestUser].principal;
    next();
  });
  for (const router of routers(ctx)) app.use(router);
  app.use(errorHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ctx,
    engine,
    advance(ms) {
      now += ms;
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers["X-Test-User"] = options.as;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers["Content-Type"] ??= "application/json";
      }
      const res = await fetch(`${base}${path}`, { method, headers, body });
      const text = await res.text();
      const json = (res.headers.get("Content-Type") ?? "").includes("json");
      return { status: res.status, headers: res.headers, body: json && text ? JSON.parse(text) : {}, text };
    },
    async close() {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await engine.close();
      await store.close();
    },
  };
}
