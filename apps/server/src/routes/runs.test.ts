import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runsRoutes } from "./runs.js";
import { type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

const DONE_WORKFLOW = `
kind: workflow
id: tag-lead
name: Tag lead
owner: ops@acme.example
region: west
entity: lead
triggers:
  - type: event
    event: lead.tagged
start: tag
steps:
  - id: tag
    component: core.set
    config: { fields: { r: "'tagged'" } }
`;

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [runsRoutes(ctx)], { "tag-lead.workflow.yaml": DONE_WORKFLOW });
  await api.engine.ingest({ tenantId: "acme", type: "lead.received", payload: { name: "Acme" } });
  await api.engine.ingest({ tenantId: "acme", type: "lead.tagged", payload: { name: "Acme" } });
  await api.engine.drain();
});
afterEach(async () => {
  await api.close();
});

describe("runs API", () => {
  it("lists the tenant's runs, filtered by workflow and status", async () => {
    const all = await api.call("GET", "/api/runs", { as: "viewer" });
    expect(all.status).toBe(200);
    expect(all.body.runs?.length).toBe(2);
    const waiting = await api.call("GET", "/api/runs?status=waiting", { as: "viewer" });
    expect(waiting.body.runs).toEqual([
      expect.objectContaining({ workflowId: "approve-lead", status: "waiting" }),
    ]);
    const tagged = await api.call("GET", "/api/runs?workflow=tag-lead&limit=1", { as: "viewer" });
    expect(tagged.body.runs).toEqual([
      expect.objectContaining({ workflowId: "tag-lead", status: "completed" }),
    ]);
    expect(tagged.body.runs?.[0]?.startedAt).toBe("2026-11-23T09:00:00.000Z");
  });

  it("reads one run with its state and its timeline of steps", async () => {
    const [run] = await api.ctx.store.listRuns({ tenantId: "acme", workflowId: "tag-lead" });
    const res = await api.call("GET", `/api/runs/${run?.id}`, { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({ id: run?.id, status: "completed", state: expect.any(Object) });
    expect(res.body.timeline).toEqual([
      expect.objectContaining({ stepId: "tag", status: "completed", attempt: 1 }),
    ]);
  });

  it("shows nothing of another tenant's runs", async () => {
    const [run] = await api.ctx.store.listRuns({ tenantId: "acme" });
    expect((await api.call("GET", `/api/runs/${run?.id}`, { as: "rival" })).status).toBe(404);
    expect((await api.call("GET", "/api/runs", { as: "rival" })).body.runs).toEqual([]);
  });

  it("answers 400 for an unknown status, a limit out of range or an unknown parameter", async () => {
    for (const query of ["status=done", "limit=1000", "limit=0", "tenant=globex"]) {
      const res = await api.call("GET", `/api/runs?${query}`, { as: "viewer" });
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code).toBe("invalid-request");
    }
  });

  it("needs runs:read", async () => {
    expect((await api.call("GET", "/api/runs")).status).toBe(401);
  });
});
