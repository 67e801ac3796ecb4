import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tasksRoutes } from "./tasks.js";
import { type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
let taskId: string;
beforeEach(async () => {
  api = await testApi((ctx) => [tasksRoutes(ctx)]);
  await api.engine.ingest({ tenantId: "acme", type: "lead.received", payload: { name: "Acme" } });
  await api.engine.drain();
  const [task] = await api.ctx.store.listTasks("acme", "open");
  taskId = task?.id ?? "";
});
afterEach(async () => {
  await api.close();
});

const complete = (body: unknown, as: "east" | "rival" | "viewer" = "east") =>
  api.call("POST", `/api/tasks/${taskId}/complete`, { as, body });

describe("tasks API", () => {
  it("lists open tasks", async () => {
    const res = await api.call("GET", "/api/tasks?status=open", { as: "east" });
    expect(res.status).toBe(200);
    expect(res.body.tasks).toEqual([
      expect.objectContaining({ id: taskId, kind: "approval", title: "Approve Acme", status: "open" }),
    ]);
    expect((await api.call("GET", "/api/tasks?status=completed", { as: "east" })).body.tasks).toEqual([]);
  });

  it("completes a task; its run resumes with the answer", async () => {
    const res = await complete({ result: { approved: true, comment: "fine" } });
    expect(res.status).toBe(200);
    expect(res.body.task).toMatchObject({
      status: "completed",
      completedBy: "east",
      result: { approved: true },
    });
    await api.engine.drain();
    const [run] = await api.ctx.store.listRuns({ tenantId: "acme" });
    expect(run?.status).toBe("completed");
  });

  it("answers 409 for a task that is no longer open", async () => {
    await complete({ result: { approved: false } });
    const again = await complete({ result: { approved: true } });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("task-not-open");
  });

  it("answers 400 for a missing or malformed result, and leaves the task open", async () => {
    const cases: [unknown, string][] = [
      [{}, "result"],
      [{ result: "yes" }, "result"],
      [{ result: { approved: "yes" } }, "result.approved"],
      [{ result: { approved: true, note: "x" } }, "result.note"],
      [{ result: { approved: true }, by: "boss" }, "by"],
    ];
    for (const [body, field] of cases) {
      const res = await complete(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.details?.[0]?.field).toBe(field);
    }
    expect((await api.ctx.store.getTask(taskId))?.status).toBe("open");
  });

  it("hides another tenant's tasks (404) and needs tasks:complete", async () => {
    expect((await complete({ result: { approved: true } }, "rival")).status).toBe(404);
    expect((await api.call("GET", "/api/tasks", { as: "rival" })).body.tasks).toEqual([]);
    expect((await complete({ result: { approved: true } }, "viewer")).status).toBe(403);
    expect((await api.call("GET", "/api/tasks")).status).toBe(401);
    expect((await api.ctx.store.getTask(taskId))?.status).toBe("open");
  });
});
