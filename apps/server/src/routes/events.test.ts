import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eventsRoutes } from "./events.js";
import { type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [eventsRoutes(ctx)]);
});
afterEach(async () => {
  await api.close();
});

const send = (
  body: unknown,
  headers: Record<string, string> = {},
  as: "east" | "rival" | "viewer" = "east",
) => api.call("POST", "/api/events", { as, body, headers });
const pending = () => api.ctx.store.pendingEvents(100);

describe("events API", () => {
  it("stores an event (202) that starts the workflows it triggers", async () => {
    const res = await send({ type: "lead.received", payload: { name: "Acme" } });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(true);
    const stored = await api.ctx.store.getEvent("acme", String(res.body.eventId));
    expect(stored).toMatchObject({ type: "lead.received", source: "api", payload: { name: "Acme" } });
    await api.engine.drain();
    expect((await api.ctx.store.listRuns({ tenantId: "acme" })).map((r) => r.workflowId)).toEqual([
      "approve-lead",
    ]);
  });

  it("acknowledges a repeated Idempotency-Key with 200 and the first event's id, storing nothing new", async () => {
    const key = { "Idempotency-Key": "order-42" };
    const first = await send({ type: "lead.received", payload: { n: 1 } }, key);
    const again = await send({ type: "lead.received", payload: { n: 1 } }, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ eventId: first.body.eventId, accepted: false });
    expect(await pending()).toHaveLength(1);
  });

  it("uses the event id as the key when there is no header", async () => {
    const first = await send({ type: "lead.received", payload: {}, id: "evt-1" });
    const again = await send({ type: "lead.received", payload: {}, id: "evt-1" });
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body).toEqual({ eventId: "evt-1", accepted: false });
    expect(await pending()).toHaveLength(1);
  });

  it("answers 409 when a key is reused for an event of another type", async () => {
    const key = { "Idempotency-Key": "k-1" };
    await send({ type: "lead.received", payload: {} }, key);
    const other = await send({ type: "shop.registered", payload: {} }, key);
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe("idempotency-conflict");
  });

  it("keeps each tenant's keys apart", async () => {
    const key = { "Idempotency-Key": "shared" };
    expect((await send({ type: "lead.received", payload: {} }, key)).status).toBe(202);
    expect((await send({ type: "lead.received", payload: {} }, key, "rival")).status).toBe(202);
  });

  it("answers 400 for a bad type, unknown or missing fields, a bad key, or no body; nothing is stored", async () => {
    const cases: [unknown, Record<string, string>, string][] = [
      [{ type: "Lead Received", payload: {} }, {}, "type"],
      [{ type: "schedule:nightly", payload: {} }, {}, "type"],
      [{ type: "lead.received" }, {}, "payload"],
      [{ type: "lead.received", payload: {}, tenant: "globex" }, {}, "tenant"],
      [{ type: "lead.received", payload: {} }, { "Idempotency-Key": "has space" }, "Idempotency-Key"],
    ];
    for (const [body, headers, field] of cases) {
      const res = await send(body, headers);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.details?.[0]?.field).toBe(field);
    }
    const empty = await api.call("POST", "/api/events", { as: "east" });
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toBe("The request has no JSON body.");
    expect(await pending()).toEqual([]);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const res = await send({ type: "lead.received", payload: { blob: "x".repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(await pending()).toEqual([]);
  });

  it("needs events:ingest", async () => {
    expect((await api.call("POST", "/api/events", { body: { type: "a", payload: {} } })).status).toBe(401);
    expect((await send({ type: "lead.received", payload: {} }, {}, "viewer")).status).toBe(403);
    expect(await pending()).toEqual([]);
  });
});
