import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type TestApi, testApi } from "./testing.js";
import { webhooksRoutes } from "./webhooks.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [webhooksRoutes(ctx)]);
});
afterEach(async () => {
  await api.close();
});

const hook = (path: string, body?: unknown, headers: Record<string, string> = {}, method = "POST") =>
  api.call(method, `/api/hooks/${path}`, { as: "east", body, headers });
const pending = () => api.ctx.store.pendingEvents(100);

describe("webhooks API", () => {
  it("maps /api/hooks/<path> to an event 'webhook:<path>' with the JSON body as payload", async () => {
    const res = await hook("crm/lead", { name: "Acme" });
    expect(res.status).toBe(202);
    const event = await api.ctx.store.getEvent("acme", String(res.body.eventId));
    expect(event).toMatchObject({ type: "webhook:crm/lead", source: "webhook", payload: { name: "Acme" } });
    await api.engine.drain();
    expect((await api.ctx.store.listRuns({ tenantId: "acme" })).map((r) => r.trigger)).toEqual([
      "webhook:crm/lead",
    ]);
  });

  it("takes an empty body as a null payload", async () => {
    const res = await hook("crm/lead");
    expect(res.status).toBe(202);
    expect((await api.ctx.store.getEvent("acme", String(res.body.eventId)))?.payload).toBeNull();
  });

  it("acknowledges a repeated Idempotency-Key (200, same event id) and stores the event once", async () => {
    const first = await hook("crm/lead", { n: 1 }, { "Idempotency-Key": "delivery-7" });
    const again = await hook("crm/lead", { n: 1 }, { "Idempotency-Key": "delivery-7" });
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body).toEqual({ eventId: first.body.eventId, accepted: false });
    expect(await pending()).toHaveLength(1);
  });

  it("gives every request without a key its own event", async () => {
    await hook("crm/lead", { n: 1 });
    await hook("crm/lead", { n: 1 });
    expect(await pending()).toHaveLength(2);
  });

  it("answers 404 for a path no live workflow of the tenant listens on", async () => {
    expect((await hook("crm/other", {})).status).toBe(404);
    const rival = await api.call("POST", "/api/hooks/crm/lead", { as: "rival", body: {} });
    expect(rival.status).toBe(404);
    expect(await pending()).toEqual([]);
  });

  it("answers 405 (with Allow) for the method the trigger does not name", async () => {
    const res = await hook("crm/lead", {}, {}, "PUT");
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("POST");
  });

  it("answers 400 for a path with characters a trigger cannot name, and 415 for a body that is not JSON", async () => {
    expect((await hook("CRM/Lead", {})).status).toBe(400);
    const xml = await api.call("POST", "/api/hooks/crm/lead", {
      as: "east",
      raw: "<lead/>",
      headers: { "Content-Type": "application/xml" },
    });
    expect(xml.status).toBe(415);
    expect(await pending()).toEqual([]);
  });

  it("needs events:ingest", async () => {
    expect((await api.call("POST", "/api/hooks/crm/lead", { body: {} })).status).toBe(401);
    expect((await api.call("POST", "/api/hooks/crm/lead", { as: "viewer", body: {} })).status).toBe(403);
  });
});
