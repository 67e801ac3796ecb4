import { parseSource } from "@switchyard/definitions";
import { formatShadowReport, type ShadowStatus } from "@switchyard/runtime";
import { Router } from "express";
import type { ServerContext } from "../context.js";
import { HttpError } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";
import { latestVersion, scope, toApiDiagnostic } from "./definitions.js";
import { assertMayAct, reachWorkflow } from "./workflow-scope.js";
import { sourceFiles } from "../validation/source-files.js";

const TAG = "Lifecycle";
const WORKFLOWS = "/api/workflows/{id}";

const WorkflowId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  maxLength: 100,
  description: "The workflow's id, e.g. rebate.monthly-payout.",
} as const;
const Version = { type: "integer", minimum: 1, description: "A version number of the workflow." } as const;
const Reason = { type: "string", maxLength: 2000, description: "Why; recorded in the audit log." } as const;
const ById = closed({ id: WorkflowId }, ["id"]);
const anyJson = { description: "Any JSON value." };
const ShadowStatusSchema = {
  type: "object",
  description: "A shadow version's standing: its shadow report and the promotion gates.",
  required: ["workflowId", "version", "status", "report", "gates", "promotable"],
  properties: {
    workflowId: { type: "string" },
    version: { type: "integer" },
    status: { type: "string" },
    report: { ...anyJson, description: "The shadow report (docs/shadow-report.md)." },
    gates: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "passed", "required", "actual", "message"],
        properties: {
          id: { enum: ["min-duration", "min-events", "max-error-rate", "boundary-violations", "approval"] },
          passed: { type: "boolean" },
          required: { type: "string" },
          actual: { type: "string" },
          message: { type: "string" },
        },
      },
    },
    promotable: { type: "boolean" },
  },
} as const;
const refusal = (description: string) => ({ description });

/** The governed lifecycle of definitions: publish, shadow, sign-off, promotion, rollback, retirement. */
export const lifecycleEndpoints = [
  endpoint({
    method: "post",
    path: "/api/definitions/publish",
    operationId: "publishDefinitions",
    tag: TAG,
    summary: "Publish definition files: validate, check the whitelist and compliance, start shadow runs",
    description:
      "The files are validated together against the tenant's live definitions. Every component a workflow uses must be on the whitelist, and no compliance finding may be `blocked` (a sensitive attribute in a decision needs a justification). Workflows start in shadow beside the live version (`shadow: false` leaves them `validated`); entities, forms and components go live. A process owner publishes only workflows and variants of a region they may edit.",
    permission: "definitions:publish",
    body: closed(
      {
        files: sourceFiles("problems"),
        justifications: {
          type: "array",
          maxItems: 1000,
          description: "Recorded reasons that let a sensitive attribute drive a decision.",
          items: closed(
            {
              workflow: { type: "string", minLength: 1, maxLength: 100 },
              step: { type: "string", minLength: 1, maxLength: 100 },
              field: { type: "string", minLength: 1, maxLength: 200, description: "entity.field" },
              reason: { type: "string", minLength: 1, maxLength: 2000 },
              by: { type: "string", minLength: 1, maxLength: 200, description: "Defaults to the caller." },
            },
            ["workflow", "field", "reason"],
          ),
        },
        shadow: { type: "boolean", description: "Start workflows' shadow runs at once (default true)." },
      },
      ["files"],
    ),
    responses: {
      "201": {
        description: "Published: the new versions, with the files' warnings and compliance findings.",
        schema: closed(
          { published: { type: "array" }, diagnostics: { type: "array" }, compliance: { type: "array" } },
          ["published", "diagnostics", "compliance"],
        ),
      },
      "403": refusal("The caller may not publish, or not workflows of this region."),
      "422": refusal(
        "Refused (`publish/invalid`, `publish/not-whitelisted`, `publish/compliance-blocked`): the error has `problems` (located by file, line and column), `diagnostics` and `compliance`.",
      ),
    },
  }),
  endpoint({
    method: "get",
    path: `${WORKFLOWS}/shadow`,
    operationId: "getShadowStatus",
    tag: TAG,
    summary: "The shadow report of the workflow's version in shadow, and its promotion gates",
    description: "`format=text` answers the report as people read it (text/plain), gates included.",
    permission: "definitions:read",
    params: ById,
    query: closed({ version: Version, format: { enum: ["json", "text"] } }),
    responses: {
      "200": { description: "The shadow status.", schema: ShadowStatusSchema },
      "404": refusal("No such workflow, no such version, or no version in shadow (`lifecycle/no-shadow`)."),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/shadow/start`,
    operationId: "startShadow",
    tag: TAG,
    summary: "Run a validated (or earlier) version in shadow beside the live one",
    permission: "definitions:publish",
    params: ById,
    body: closed({ version: Version }, ["version"]),
    responses: {
      "200": { description: "The version is in shadow." },
      "404": refusal("No such workflow or version."),
      "409": refusal("The version is live (`lifecycle/already-live`)."),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/shadow/stop`,
    operationId: "stopShadow",
    tag: TAG,
    summary: "End the shadow run without promoting (the version is retired)",
    permission: "definitions:publish",
    params: ById,
    body: closed({ reason: Reason }),
    responses: {
      "200": { description: "The shadow version is retired." },
      "404": refusal("No such workflow, or no version in shadow."),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/shadow/replay`,
    operationId: "replayShadow",
    tag: TAG,
    summary: "Run the shadow version over the stored events of the last days, and report",
    permission: "definitions:publish",
    params: ById,
    body: closed({ days: { type: "integer", minimum: 1, maximum: 365 }, version: Version }, ["days"]),
    responses: {
      "200": { description: "The shadow status after the replay.", schema: ShadowStatusSchema },
      "404": refusal("No such workflow, or no version in shadow."),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/versions/{version}/approval`,
    operationId: "approveVersion",
    tag: TAG,
    summary: "Sign off (or reject) a version in shadow",
    description: "The version's author may not approve it (`lifecycle/self-approval`, 409).",
    permission: "definitions:approve",
    params: closed(
      {
        id: WorkflowId,
        version: { type: "string", pattern: "^[1-9][0-9]{0,8}$", description: "A version number." },
      },
      ["id", "version"],
    ),
    body: closed(
      { decision: { enum: ["approved", "rejected"] }, comment: { type: "string", maxLength: 2000 } },
      ["decision"],
    ),
    responses: {
      "200": { description: "The decision is recorded." },
      "404": refusal("No such workflow or version."),
      "409": refusal("Not in shadow (`lifecycle/not-in-shadow`), or the caller is its author."),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/promote`,
    operationId: "promoteVersion",
    tag: TAG,
    summary: "Make the version in shadow live once every gate passes",
    description:
      "`force` (with a reason) promotes despite failed gates; the failed gates go into the audit entry.",
    permission: "definitions:promote",
    params: ById,
    body: closed({ version: Version, force: closed({ reason: { ...Reason, minLength: 1 } }, ["reason"]) }),
    responses: {
      "200": { description: "The version is live." },
      "404": refusal("No such workflow or version, or no version in shadow."),
      "409": refusal(
        "Gates failed (`lifecycle/gates-failed`, with `gates`), or the version is not in shadow.",
      ),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/rollback`,
    operationId: "rollbackWorkflow",
    tag: TAG,
    summary: "Make an earlier version live again (by default the one live before) and release held runs",
    permission: "definitions:rollback",
    params: ById,
    body: closed({ toVersion: Version, reason: Reason }),
    responses: {
      "200": { description: "The earlier version is live." },
      "404": refusal("No such workflow or version."),
      "409": refusal("No live version, no earlier live version, or that version is already live."),
    },
  }),
  endpoint({
    method: "post",
    path: `${WORKFLOWS}/retire`,
    operationId: "retireWorkflow",
    tag: TAG,
    summary: "Take the workflow out of service: no live version, no new runs",
    permission: "definitions:rollback",
    params: ById,
    body: closed({ reason: Reason }),
    responses: {
      "200": { description: "The live version is retired." },
      "404": refusal("No such workflow."),
      "409": refusal("The workflow has no live version (`lifecycle/not-live`)."),
    },
  }),
] as const;

const [publish, status, start, stop, replay, approval, promote, rollback, retire] = lifecycleEndpoints;

/** The lifecycle routes; mount at the root. */
export function lifecycleRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { lifecycle } = ctx;

  bind(router, publish, async ({ caller, body, res }) => {
    for (const file of body.files) {
      const declared = scope(parseSource(file.text, file.path).document?.value);
      if (declared.kind !== "workflow" && declared.kind !== "variant") continue;
      const latest =
        declared.id === undefined
          ? undefined
          : await latestVersion(ctx.store, caller.tenantId, declared.kind, declared.id);
      for (const region of new Set([declared.region, scope(latest?.body).region]))
        assertMayAct(caller, region, `${declared.kind} in ${file.path}`);
    }
    const result = await lifecycle.publish(caller.tenantId, body.files, caller.username, {
      justifications: (body.justifications ?? []).map((j) => ({ ...j, by: j.by ?? caller.username })),
      ...(body.shadow === undefined ? {} : { shadow: body.shadow }),
    });
    const diagnostics = result.diagnostics.map(toApiDiagnostic);
    if (!result.ok)
      throw new HttpError(422, `publish/${result.code}`, result.message, PUBLISH_HINT[result.code], [], {
        problems: result.problems,
        diagnostics,
        compliance: result.compliance,
      });
    res.status(201).json({ published: result.published, diagnostics, compliance: result.compliance });
  });

  bind(router, status, async ({ caller, params, query, res }) => {
    await reachWorkflow(ctx, caller, params.id, "read");
    const shadow = await lifecycle.shadowStatus(caller.tenantId, params.id, query.version);
    if (query.format === "text") res.type("text/plain").send(formatStatus(shadow));
    else res.json(shadow);
  });

  bind(router, start, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "act");
    await lifecycle.startShadow(caller.tenantId, params.id, body.version, caller.username);
    res.json({ workflowId: params.id, version: body.version, status: "shadow" });
  });

  bind(router, stop, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "act");
    const version = await lifecycle.stopShadow(caller.tenantId, params.id, caller.username, body.reason);
    res.json({ workflowId: params.id, version, status: "retired" });
  });

  bind(router, replay, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "act");
    // The engine loop runs the replayed events; the answer waits until they are done.
    res.json(await lifecycle.replay(caller.tenantId, params.id, body.days, caller.username, body.version));
  });

  bind(router, approval, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "read");
    const { id } = params;
    const version = Number(params.version);
    await lifecycle.approve(caller.tenantId, id, version, caller.username, body.decision, body.comment);
    res.json({ workflowId: id, version, decision: body.decision, approver: caller.username });
  });

  bind(router, promote, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "act");
    const promoted = await lifecycle.promote(caller.tenantId, params.id, caller.username, {
      ...(body.version === undefined ? {} : { version: body.version }),
      ...(body.force ? { force: body.force } : {}),
    });
    res.json({ workflowId: params.id, ...promoted, previous: promoted.previous ?? null, status: "live" });
  });

  bind(router, rollback, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "act");
    const done = await lifecycle.rollback(caller.tenantId, params.id, caller.username, body);
    ctx.kick?.();
    res.json({ workflowId: params.id, ...done });
  });

  bind(router, retire, async ({ caller, params, body, res }) => {
    await reachWorkflow(ctx, caller, params.id, "act");
    const version = await lifecycle.retire(caller.tenantId, params.id, caller.username, body.reason);
    res.json({ workflowId: params.id, version, status: "retired" });
  });

  return router;
}

const PUBLISH_HINT = {
  invalid: "Fix the errors in `diagnostics` and publish again.",
  "not-whitelisted":
    "Ask an IT admin to approve the components in `problems` (POST /api/components/whitelist).",
  "compliance-blocked":
    "Stop using the sensitive fields in `problems`, or send a justification for each (`justifications`).",
} as const;

/** The shadow report as people read it, then the gates and whether the version may be promoted. */
export function formatStatus(status: ShadowStatus): string {
  const gates = status.gates.map(
    (g) => `  ${g.passed ? "✓" : "✗"} ${g.id}: needs ${g.required}; has ${g.actual}. ${g.message}`,
  );
  return [
    formatShadowReport(status.report).trimEnd(),
    "",
    `Gates of ${status.workflowId}@${status.version} (${status.status}):`,
    ...gates,
    status.promotable ? "Promotable: yes." : "Promotable: no.",
    "",
  ].join("\n");
}
