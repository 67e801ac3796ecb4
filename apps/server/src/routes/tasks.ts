import type { TaskRow } from "@switchyard/store";
import { Router } from "express";
import type { ServerContext } from "../context.js";
import { HttpError, notFound } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { check, closed } from "../validation/schema.js";

const MOUNT = "/api/tasks";
const TAG = "Tasks";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;

/** What an approval task must be completed with; the approval step fails on anything else. */
const ApprovalBody = closed(
  {
    result: closed(
      {
        approved: { type: "boolean", description: "true to approve, false to reject." },
        comment: { type: "string", maxLength: 10_000 },
      },
      ["approved"],
    ),
  },
  ["result"],
);

/** The human-task endpoints; bound by `tasksRoutes` and documented in the OpenAPI document. */
export const taskEndpoints = [
  endpoint({
    method: "get",
    path: MOUNT,
    operationId: "listTasks",
    tag: TAG,
    summary: "List the tenant's human tasks (approvals and forms)",
    permission: "tasks:complete",
    query: closed({
      status: {
        type: "string",
        enum: ["open", "completed", "cancelled"],
        description: "Only tasks with this status; all when left out.",
      },
    }),
    responses: {
      "200": {
        description: "The tasks, oldest first.",
        schema: closed({ tasks: { type: "array", items: ref("Task") } }, ["tasks"]),
      },
    },
  }),
  endpoint({
    method: "post",
    path: `${MOUNT}/{id}/complete`,
    operationId: "completeTask",
    tag: TAG,
    summary: "Complete an open task; its run resumes with the result",
    description:
      "An approval task takes `{ approved: boolean, comment?: string }`; a form task takes the form's field values.",
    permission: "tasks:complete",
    params: closed({ id: { type: "string", minLength: 1, maxLength: 200 } }, ["id"]),
    body: closed(
      { result: { type: "object", description: "The answer: the approval decision or the form's values." } },
      ["result"],
    ),
    responses: {
      "200": { description: "The task, now completed.", schema: closed({ task: ref("Task") }, ["task"]) },
      "404": { description: "The tenant has no such task." },
      "409": { description: "The task is not open any more (completed or cancelled)." },
    },
  }),
] as const;

const [listEndpoint, completeEndpoint] = taskEndpoints;

/**
 * Human tasks of the caller's tenant.
 * Mount at the root (`app.use(router)`): the routes carry their full paths.
 */
export function tasksRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store, engine } = ctx;

  bind(router, listEndpoint, async ({ caller, query, res }) => {
    const tasks = await store.listTasks(caller.tenantId, query.status);
    res.json({ tasks: tasks.map(toApiTask) });
  });

  bind(router, completeEndpoint, async ({ caller, params, body, res }) => {
    const task = await store.getTask(params.id);
    if (!task || task.tenantId !== caller.tenantId) throw notFound(`The task '${params.id}'`);
    if (task.status !== "open") throw notOpen(task);
    if (task.kind === "approval") check(ApprovalBody, body, "body");
    try {
      await engine.completeTask(task.id, body.result, caller.username);
    } catch (error) {
      // Completed by someone else between the check above and now.
      const now = await store.getTask(task.id);
      if (now && now.status !== "open") throw notOpen(now);
      throw error;
    }
    const done = await store.getTask(task.id);
    res.json({ task: toApiTask(done ?? task) });
  });

  return router;
}

function notOpen(task: TaskRow): HttpError {
  return new HttpError(
    409,
    "task-not-open",
    `The task '${task.id}' is ${task.status}${task.completedBy ? ` (by ${task.completedBy})` : ""}.`,
    "Reload the task list; only open tasks can be completed.",
  );
}

function toApiTask(t: TaskRow) {
  return {
    id: t.id,
    runId: t.runId,
    kind: t.kind,
    title: t.title,
    assignees: t.assignees,
    payload: t.payload ?? null,
    status: t.status,
    result: t.result ?? null,
    createdAt: iso(t.createdAt),
    dueAt: t.dueAt === null ? null : iso(t.dueAt),
    completedAt: t.completedAt === null ? null : iso(t.completedAt),
    completedBy: t.completedBy,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
