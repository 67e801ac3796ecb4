import type { BreakerRow } from "@switchyard/store";
import { Router } from "express";
import { canReadRegion } from "../auth/policy.js";
import type { Principal } from "../auth/principal.js";
import type { ServerContext } from "../context.js";
import { notFound } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";
import { scope } from "./definitions.js";
import { assertMayAct, iso } from "./workflow-scope.js";

const TAG = "Breakers";
const Key = {
  type: "string",
  pattern: "^(workflow|component):[^\\s]+@[^\\s@]+$",
  maxLength: 200,
  description: "`workflow:<id>@<version>` or `component:<id>@<version>`, URL-encoded in the path.",
} as const;

/** Circuit breakers: their state and held runs, and resetting an open one. */
export const breakerEndpoints = [
  endpoint({
    method: "get",
    path: "/api/breakers",
    operationId: "listBreakers",
    tag: TAG,
    summary: "List the tenant's circuit breakers with the runs each holds",
    description: "A process owner sees the breakers of the workflows they may read, and every component's.",
    permission: "runs:read",
    responses: {
      "200": {
        description:
          "The breakers; `held` counts runs held by the breaker, `anomalies` runs held by anomaly rules.",
        schema: closed({ breakers: { type: "array" } }, ["breakers"]),
      },
    },
  }),
  endpoint({
    method: "post",
    path: "/api/breakers/{key}/reset",
    operationId: "resetBreaker",
    tag: TAG,
    summary: "Resume an open breaker: close it (release what it held) or probe with the oldest held run",
    permission: "breakers:manage",
    params: closed({ key: Key }, ["key"]),
    body: closed({
      mode: { enum: ["close", "probe"], description: "`close` (default) or `probe`." },
      includeAnomalies: { type: "boolean", description: "Also release runs held by anomaly rules." },
    }),
    responses: {
      "200": { description: "The breaker's new state and the runs it resumed or restarted." },
      "404": { description: "No such workflow." },
      "409": { description: "The breaker is not open (`breaker/not-open`), or holds no run to probe with." },
    },
  }),
] as const;

const [listEndpoint, resetEndpoint] = breakerEndpoints;

/** The breaker routes; mount at the root. */
export function breakersRoutes(ctx: ServerContext): Router {
  const router = Router();

  bind(router, listEndpoint, async ({ caller, res }) => {
    const rows = await ctx.lifecycle.breakers(caller.tenantId);
    const visible: typeof rows = [];
    for (const row of rows)
      if (canReadRegion(caller, await regionOfKey(ctx, caller, row.key))) visible.push(row);
    res.json({ breakers: visible.map(view) });
  });

  bind(router, resetEndpoint, async ({ caller, params, body, res }) => {
    const region = await regionOfKey(ctx, caller, params.key);
    if (!canReadRegion(caller, region)) throw notFound(`The breaker '${params.key}'`);
    assertMayAct(caller, region, `breaker '${params.key}'`);
    const done = await ctx.lifecycle.resetBreaker(caller.tenantId, params.key, caller.username, body);
    ctx.kick?.();
    res.json({ key: params.key, ...done });
  });

  return router;
}

/** The region of the workflow version a `workflow:<id>@<version>` key names; undefined for components. */
async function regionOfKey(ctx: ServerContext, caller: Principal, key: string): Promise<string | undefined> {
  if (!key.startsWith("workflow:")) return undefined;
  const rest = key.slice("workflow:".length);
  const at = rest.lastIndexOf("@");
  const version = Number(rest.slice(at + 1));
  if (at < 0 || !Number.isInteger(version)) return undefined;
  const v = await ctx.store.getVersion(caller.tenantId, "workflow", rest.slice(0, at), version);
  return scope(v?.body).region;
}

function view(row: BreakerRow & { held: number; anomalies: number }) {
  return {
    key: row.key,
    state: row.state,
    reason: row.reason,
    detail: row.detail,
    openedAt: row.openedAt === null ? null : iso(row.openedAt),
    updatedAt: iso(row.updatedAt),
    held: row.held,
    anomalies: row.anomalies,
  };
}
