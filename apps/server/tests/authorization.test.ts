import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Permission, Role } from "../src/auth/principal.js";
import { API_ENDPOINTS } from "../src/openapi/index.js";
import { APPROVAL_WORKFLOW, LEAD_ENTITY } from "../src/routes/testing.js";
import { type Caller, startTestServer } from "./server.js";

// The authorization matrix: every route × every role, anonymous callers and another tenant's
// callers, through the real application (real authentication, sessions and CSRF). Any allow the
// policy does not grant is a failure.

const acmeCallers: Caller[] = [
  { name: "admin", role: "it-admin" },
  { name: "owner.east", role: "process-owner", region: "east" },
  { name: "owner.nw", role: "process-owner", region: "northwest" },
  { name: "approver", role: "approver" },
  { name: "auditor", role: "auditor" },
  { name: "viewer", role: "viewer" },
];
const globexCallers: Caller[] = [
  { name: "g.admin", role: "it-admin" },
  { name: "g.owner", role: "process-owner", region: "global" },
  { name: "g.approver", role: "approver" },
];

let server: Awaited<ReturnType<typeof startTestServer>>;
let ids: Record<string, Record<string, string>>;
const call = (method: string, path: string, caller?: Caller, body?: unknown) =>
  server.call(method, path, caller, body);

beforeAll(async () => {
  server = await startTestServer({ acme: acmeCallers, globex: globexCallers });
  ids = server.ids;
}, 60_000);

afterAll(async () => server?.close());

/** A concrete request for an endpoint, aimed at a tenant's objects. */
function request(
  method: string,
  template: string,
  tenant: "acme" | "globex",
): { path: string; body?: unknown } {
  const own = ids[tenant] ?? {};
  const path = template
    .replace("{kind}", "workflow")
    .replace("/{id}/draft", "/approve-lead/draft")
    .replace("/{id}/versions", "/approve-lead/versions")
    .replace("/api/definitions/workflow/{id}", "/api/definitions/workflow/approve-lead")
    .replace("/api/runs/{id}", `/api/runs/${own.run}`)
    .replace("/api/tasks/{id}", `/api/tasks/${own.task}`)
    .replace("{entity}/{id}", `lead/${own.record}`)
    .replace("{entity}", "lead")
    .replace("{path}", "crm/lead")
    .replace("/api/workflows/{id}/retire", "/api/workflows/no-such-flow/retire")
    .replace("/api/workflows/{id}", "/api/workflows/approve-lead")
    .replace("/versions/{version}", "/versions/1")
    .replace("{key}", encodeURIComponent("workflow:approve-lead@1"))
    .replace("{componentId}/{version}", "core.nothing/1.0.0")
    .replace("/api/templates/{id}", "/api/templates/b2b.lead-capture-kit");
  const bodies: Record<string, unknown> = {
    "put /api/definitions/{kind}/{id}/draft": { source: APPROVAL_WORKFLOW },
    "post /api/definitions/validate": { files: [{ path: "lead.entity.yaml", text: LEAD_ENTITY }] },
    "post /api/tasks/{id}/complete": { result: { approved: true } },
    "post /api/events": { type: "lead.received", payload: { name: "Matrix" } },
    "post /api/hooks/{path}": { name: "Hook" },
    "put /api/hooks/{path}": { name: "Hook" },
    "post /api/records/{entity}": { name: "New lead" },
    "put /api/records/{entity}/{id}": { name: "Replaced" },
    "patch /api/records/{entity}/{id}": { amount: 5 },
    "post /api/definitions/publish": { files: [{ path: "lead.entity.yaml", text: LEAD_ENTITY }] },
    "post /api/workflows/{id}/shadow/start": { version: 1 },
    "post /api/workflows/{id}/shadow/stop": {},
    "post /api/workflows/{id}/shadow/replay": { days: 1 },
    "post /api/workflows/{id}/versions/{version}/approval": { decision: "approved" },
    "post /api/workflows/{id}/promote": {},
    "post /api/workflows/{id}/rollback": {},
    "post /api/workflows/{id}/retire": {},
    "post /api/breakers/{key}/reset": {},
    "post /api/components/whitelist": { componentId: "core.set", version: "1.0.0", owner: "it" },
    "post /api/templates/{id}/import": {},
    "post /api/bundles/import": { files: [{ path: "lead.entity.yaml", text: LEAD_ENTITY }] },
  };
  const queries: Record<string, string> = {
    "get /api/definitions/{kind}/{id}/diff": "?from=1&to=1",
    "get /api/workflows/{id}/versions/{version}/lineage": "?compareTo=1",
  };
  const body = bodies[`${method} ${template}`];
  const query = queries[`${method} ${template}`] ?? "";
  return body === undefined ? { path: path + query } : { path: path + query, body };
}

// The expected policy, written out here on purpose (not imported from the code it checks): the
// permission matrix of docs/security.md, and the permission each route must require.
const GRANTED: Record<Role, readonly Permission[]> = {
  "it-admin": [
    "users:manage",
    "templates:manage",
    "templates:import",
    "definitions:read",
    "runs:read",
    "records:read",
    "records:write",
    "audit:read",
    "events:ingest",
    "definitions:rollback",
    "breakers:manage",
    "components:whitelist",
  ],
  "process-owner": [
    "definitions:read",
    "definitions:edit",
    "definitions:publish",
    "definitions:promote",
    "definitions:rollback",
    "breakers:manage",
    "runs:read",
    "records:read",
    "records:write",
    "events:ingest",
    "tasks:complete",
    "templates:import",
  ],
  approver: ["definitions:read", "definitions:approve", "runs:read", "records:read", "tasks:complete"],
  auditor: ["audit:read", "definitions:read", "runs:read", "records:read"],
  viewer: ["definitions:read", "runs:read", "records:read"],
};
const ROUTE_PERMISSION: Record<string, Permission> = {
  "get /api/definitions": "definitions:read",
  "get /api/definitions/{kind}/{id}": "definitions:read",
  "get /api/definitions/{kind}/{id}/versions": "definitions:read",
  "get /api/definitions/{kind}/{id}/diff": "definitions:read",
  "get /api/definitions/{kind}/{id}/versions/{version}": "definitions:read",
  "put /api/definitions/{kind}/{id}/draft": "definitions:edit",
  "post /api/definitions/validate": "definitions:read",
  "get /api/runs": "runs:read",
  "get /api/runs/{id}": "runs:read",
  "get /api/tasks": "tasks:complete",
  "post /api/tasks/{id}/complete": "tasks:complete",
  "post /api/events": "events:ingest",
  "post /api/hooks/{path}": "events:ingest",
  "put /api/hooks/{path}": "events:ingest",
  "get /api/records/{entity}": "records:read",
  "get /api/records/{entity}/{id}": "records:read",
  "post /api/records/{entity}": "records:write",
  "put /api/records/{entity}/{id}": "records:write",
  "patch /api/records/{entity}/{id}": "records:write",
  "delete /api/records/{entity}/{id}": "records:write",
  "get /api/audit": "audit:read",
  "get /api/audit/verify": "audit:read",
  "post /api/definitions/publish": "definitions:publish",
  "get /api/workflows/{id}/shadow": "definitions:read",
  "post /api/workflows/{id}/shadow/start": "definitions:publish",
  "post /api/workflows/{id}/shadow/stop": "definitions:publish",
  "post /api/workflows/{id}/shadow/replay": "definitions:publish",
  "post /api/workflows/{id}/versions/{version}/approval": "definitions:approve",
  "get /api/workflows/{id}/versions/{version}/lineage": "definitions:read",
  "post /api/workflows/{id}/promote": "definitions:promote",
  "post /api/workflows/{id}/rollback": "definitions:rollback",
  "post /api/workflows/{id}/retire": "definitions:rollback",
  "get /api/breakers": "runs:read",
  "post /api/breakers/{key}/reset": "breakers:manage",
  "get /api/components/whitelist": "definitions:read",
  "post /api/components/whitelist": "components:whitelist",
  "delete /api/components/whitelist/{componentId}/{version}": "components:whitelist",
  "get /api/templates": "definitions:read",
  "get /api/templates/{id}": "definitions:read",
  "post /api/templates/{id}/import": "templates:import",
  "post /api/bundles/import": "templates:import",
  "get /api/bundles/export": "templates:manage",
};

type Outcome = "unauthenticated" | "denied" | "allowed";
const outcome = (status: number): Outcome =>
  status === 401 ? "unauthenticated" : status === 403 ? "denied" : "allowed";

function expected(
  caller: Caller | undefined,
  permission: Permission,
  method: string,
  template: string,
): Outcome {
  if (!caller?.role) return "unauthenticated";
  if (!GRANTED[caller.role].includes(permission)) return "denied";
  // Process owners edit only their own region's workflows (the test workflow is in `east`).
  if (
    template.endsWith("/draft") &&
    method === "put" &&
    caller.region !== "east" &&
    caller.region !== "global"
  )
    return "denied";
  // The lead-capture template's workflow is head office's (`global`).
  if (
    template === "/api/templates/{id}/import" &&
    caller.role === "process-owner" &&
    caller.region !== "global"
  )
    return "denied";
  return "allowed";
}

describe("authorization matrix", () => {
  it("every documented route × every role and anonymous: exactly the allows the policy grants", async () => {
    const mismatches: string[] = [];
    let checked = 0;
    expect(Object.keys(ROUTE_PERMISSION).sort()).toEqual(
      API_ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort(),
    );
    for (const e of API_ENDPOINTS) {
      const permission = ROUTE_PERMISSION[`${e.method} ${e.path}`] ?? "users:manage";
      for (const caller of [undefined, ...acmeCallers]) {
        const { path, body } = request(e.method, e.path, "acme");
        const { status, text } = await call(e.method, path, caller, body);
        const want = expected(caller, permission, e.method, e.path);
        checked++;
        if (status >= 500)
          mismatches.push(`${e.method} ${path} as ${caller?.name ?? "anonymous"}: ${status} ${text}`);
        else if (outcome(status) !== want)
          mismatches.push(
            `${e.method} ${path} as ${caller?.name ?? "anonymous"}: got ${status}, want ${want} (${text.slice(0, 120)})`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(API_ENDPOINTS.length * 7);
  }, 120_000);

  it("users and auth routes: admin-only management, self-service for everyone signed in", async () => {
    const viewerId = ids.acme?.viewer ?? "";
    const cases: { method: string; path: string; body?: unknown; allowed: (c: Caller) => boolean }[] = [
      { method: "get", path: "/api/users", allowed: (c) => c.role === "it-admin" },
      {
        method: "post",
        path: "/api/users",
        body: {
          username: "new.person",
          displayName: "New",
          password: "a-long-password-123",
          roles: ["viewer"],
        },
        allowed: (c) => c.role === "it-admin",
      },
      {
        method: "patch",
        path: `/api/users/${viewerId}`,
        body: { displayName: "Guest" },
        allowed: (c) => c.role === "it-admin",
      },
      {
        method: "get",
        path: `/api/users/${viewerId}`,
        allowed: (c) => c.role === "it-admin" || c.role === "auditor" || c.name === "viewer",
      },
      { method: "get", path: "/api/auth/me", allowed: () => true },
      { method: "get", path: "/api/auth/tokens", allowed: () => true },
      { method: "post", path: "/api/auth/tokens", body: { name: "ci" }, allowed: () => true },
    ];
    const mismatches: string[] = [];
    for (const k of cases) {
      const anonymous = await call(k.method, k.path, undefined, k.body);
      if (anonymous.status !== 401) mismatches.push(`${k.method} ${k.path} anonymous: ${anonymous.status}`);
      for (const caller of acmeCallers) {
        const body =
          k.method === "post" && k.path === "/api/users"
            ? { ...(k.body as object), username: `new.${caller.name}` }
            : k.body;
        const { status, text } = await call(k.method, k.path, caller, body);
        const want = k.allowed(caller) ? "allowed" : "denied";
        if (status >= 500 || outcome(status) !== want)
          mismatches.push(
            `${k.method} ${k.path} as ${caller.name}: ${status}, want ${want} (${text.slice(0, 100)})`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it("another tenant's callers never reach this tenant's objects (404, never a 2xx)", async () => {
    const leaks: string[] = [];
    for (const e of API_ENDPOINTS.filter((x) => x.path.includes("{id}") || x.path.includes("{entity}/"))) {
      const { path, body } = request(e.method, e.path, "acme");
      for (const caller of globexCallers) {
        if (
          expected(caller, ROUTE_PERMISSION[`${e.method} ${e.path}`] ?? "users:manage", e.method, e.path) !==
          "allowed"
        )
          continue;
        const { status } = await call(e.method, path, caller, body);
        if (e.path.startsWith("/api/definitions")) {
          if (status < 400 && e.method === "get") continue; // definitions with the same id are the caller's own
          if (status < 400 && e.method === "put") continue; // a draft in the caller's own tenant
        } else if (e.path.startsWith("/api/workflows")) {
          // Both tenants have an `approve-lead`: the answer is about the caller's own workflow.
          continue;
        } else if (e.path.startsWith("/api/templates")) {
          // Templates belong to no tenant; an import lands in the caller's own tenant.
          continue;
        } else if (status !== 404) leaks.push(`${e.method} ${path} as ${caller.name} (globex): ${status}`);
      }
    }
    const runs = await call("get", "/api/runs", globexCallers[0]);
    if (runs.text.includes(ids.acme?.run ?? "none")) leaks.push("GET /api/runs as globex lists an acme run");
    const records = await call("get", "/api/records/lead", globexCallers[0]);
    if (records.text.includes("acme-L1")) leaks.push("GET /api/records/lead as globex lists an acme record");
    const users = await call("get", `/api/users/${acmeCallers[0]?.id}`, globexCallers[0]);
    if (users.status !== 404) leaks.push(`GET /api/users/<acme admin> as globex admin: ${users.status}`);
    expect(leaks).toEqual([]);
  }, 60_000);

  it("regional directors are isolated from their peers; head office and other roles see every region", async () => {
    const [, east, northwest, approver] = acmeCallers as [Caller, Caller, Caller, Caller];
    const run = ids.acme?.run ?? "";
    expect((await call("get", `/api/runs/${run}`, east)).status).toBe(200);
    expect((await call("get", `/api/runs/${run}`, northwest)).status).toBe(404);
    expect((await call("get", "/api/runs", northwest)).text).not.toContain(run);
    expect((await call("get", "/api/definitions/workflow/approve-lead", northwest)).status).toBe(404);
    expect(
      (await call("get", "/api/definitions/workflow/approve-lead/diff?from=1&to=1", northwest)).status,
    ).toBe(404);
    expect((await call("get", "/api/workflows/approve-lead/versions/1/lineage", northwest)).status).toBe(404);
    expect((await call("get", "/api/workflows/approve-lead/versions/1/lineage", east)).status).toBe(200);
    expect((await call("get", "/api/definitions", northwest)).text).not.toContain("approve-lead");
    expect((await call("get", "/api/definitions", northwest)).text).toContain('"lead"');
    expect((await call("get", `/api/runs/${run}`, approver)).status).toBe(200);
    expect((await call("get", `/api/runs/${run}`, globexCallers[1])).status).toBe(404);
  });

  it("a session without the CSRF header cannot change anything", async () => {
    const owner = acmeCallers[1] as Caller;
    const { status, text } = await call(
      "post",
      "/api/events",
      { ...owner, csrf: undefined },
      { type: "lead.received", payload: { name: "X" } },
    );
    expect(status).toBe(403);
    expect(text).toContain("csrf");
  });
});
