import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ENDPOINTS } from "../src/openapi/index.js";
import { type Caller, startTestServer } from "./server.js";

// Malformed JSON, oversized bodies, wrong types and unknown fields get a 4xx with a clear message
// on every endpoint that takes a body — never a 500 — and nothing is half-written.

const owner: Caller = { name: "owner.east", role: "process-owner", region: "east" };
const approver: Caller = { name: "approver", role: "approver" };
const admin: Caller = { name: "admin", role: "it-admin" };
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ acme: [owner, approver, admin] });
}, 60_000);
afterAll(async () => server?.close());

const WITH_BODY = API_ENDPOINTS.filter((e) => ["post", "put", "patch"].includes(e.method));

function pathOf(template: string): string {
  const ids = server.ids.acme ?? {};
  return template
    .replace("{kind}/{id}", "workflow/approve-lead")
    .replace("/api/tasks/{id}", `/api/tasks/${ids.task}`)
    .replace("{entity}/{id}", `lead/${ids.record}`)
    .replace("{entity}", "lead")
    .replace("{path}", "crm/lead")
    .replace("/api/workflows/{id}", "/api/workflows/approve-lead")
    .replace("/versions/{version}", "/versions/1")
    .replace("{key}", encodeURIComponent("workflow:approve-lead@1"));
}

/** Someone whose roles let the request through to its validation. */
const callerFor = (path: string) =>
  path.startsWith("/api/tasks") || path.endsWith("/approval")
    ? approver
    : path.startsWith("/api/components")
      ? admin
      : owner;

async function snapshot() {
  const { store } = server;
  return JSON.stringify({
    records: await store.listRecords("acme", "lead", { limit: 100, offset: 0 }),
    runs: (await store.listRuns({ tenantId: "acme" })).map((r) => [r.id, r.status]),
    drafts: await store.listDrafts("acme"),
    events: await store.pendingEvents(100),
  });
}

describe("bad input", () => {
  it.each(WITH_BODY.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "%s: 4xx with a clear message, nothing written",
    async (_, e) => {
      const path = pathOf(e.path);
      const caller = callerFor(path);
      const before = await snapshot();
      const attempts: { name: string; raw?: string; body?: unknown; status: number[] }[] = [
        { name: "malformed JSON", raw: '{"name": "x",', status: [400] },
        { name: "oversized body", raw: JSON.stringify({ name: "x".repeat(1_100_000) }), status: [413] },
        { name: "wrong type", body: ["not", "an", "object"], status: [400, 422] },
        { name: "unknown field", body: { surprise: true, name: 7 }, status: [400, 422] },
        { name: "null", raw: "null", status: [400, 422] },
      ];
      // A webhook's payload is whatever the other system sends: only malformed or oversized JSON is refused.
      const freeForm = e.path.startsWith("/api/hooks");
      for (const a of freeForm ? attempts.slice(0, 2) : attempts) {
        const { status, text } = await server.call(e.method, path, caller, a.body, a.raw);
        const allowed = e.method === "put" && freeForm ? [...a.status, 405] : a.status;
        expect(allowed, `${a.name}: ${status} ${text.slice(0, 200)}`).toContain(status);
        const body = JSON.parse(text) as { error: { code: string; message: string } };
        expect(body.error.message.length, a.name).toBeGreaterThan(10);
        expect(text).not.toMatch(/\bat \w+ \(|node_modules/);
      }
      expect(await snapshot()).toBe(before);
    },
  );

  it("a record that does not fit its schema gets 422 with field-level errors", async () => {
    const { status, text } = await server.call("post", "/api/records/lead", owner, {
      name: "",
      amount: -5,
      tags: "vip",
    });
    expect(status).toBe(422);
    const fields = (JSON.parse(text) as { error: { details: { field: string }[] } }).error.details
      .map((d) => d.field)
      .sort();
    expect(fields).toEqual(["amount", "name", "tags"]);
  });
});
