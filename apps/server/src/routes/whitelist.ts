import { type Component, validateSources } from "@switchyard/definitions";
import type { WhitelistEntry } from "@switchyard/store";
import { Router } from "express";
import type { ServerContext } from "../context.js";
import { HttpError } from "../errors.js";
import { bind, endpoint } from "../validation/endpoint.js";
import { closed } from "../validation/schema.js";
import { toApiDiagnostic } from "./definitions.js";
import { iso } from "./workflow-scope.js";

const TAG = "Components";
const MOUNT = "/api/components/whitelist";
const ComponentId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  maxLength: 100,
  description: "The component's id, e.g. core.email or rebate.distributor-rebate.",
} as const;
const ComponentVersion = {
  type: "string",
  pattern: "^\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?$",
  maxLength: 50,
  description: "The component's exact version, e.g. 2.3.0.",
} as const;

/** The component whitelist: what IT approved for publishing and running, with quotas. */
export const whitelistEndpoints = [
  endpoint({
    method: "get",
    path: MOUNT,
    operationId: "listWhitelist",
    tag: TAG,
    summary: "List the components approved for this tenant",
    permission: "definitions:read",
    responses: {
      "200": {
        description: "The whitelist.",
        schema: closed({ whitelist: { type: "array" } }, ["whitelist"]),
      },
    },
  }),
  endpoint({
    method: "post",
    path: MOUNT,
    operationId: "addToWhitelist",
    tag: TAG,
    summary: "Approve a component version (built-in, published, or given as `source`)",
    description:
      "The approval pins the component's content hash: a changed component needs a new version and a new approval.",
    permission: "components:whitelist",
    body: closed(
      {
        componentId: ComponentId,
        version: ComponentVersion,
        owner: { type: "string", minLength: 1, maxLength: 200, description: "The team answerable for it." },
        callsPerMinute: { type: "integer", minimum: 1, description: "A quota per tenant; none when absent." },
        source: {
          type: "string",
          maxLength: 1_000_000,
          description: "The component's YAML, for a custom component not published yet.",
        },
      },
      ["componentId", "version", "owner"],
    ),
    responses: {
      "201": { description: "The whitelist entry." },
      "422": {
        description:
          "No such component to approve (`whitelist/unknown-component`), or `source` is not a valid component (`whitelist/invalid-source`, with `diagnostics`).",
      },
    },
  }),
  endpoint({
    method: "delete",
    path: `${MOUNT}/{componentId}/{version}`,
    operationId: "removeFromWhitelist",
    tag: TAG,
    summary: "Withdraw a component version's approval",
    permission: "components:whitelist",
    params: closed({ componentId: ComponentId, version: ComponentVersion }, ["componentId", "version"]),
    responses: {
      "204": { description: "Removed." },
      "404": { description: "Not on the whitelist (`whitelist/not-listed`)." },
    },
  }),
] as const;

const [listEndpoint, addEndpoint, removeEndpoint] = whitelistEndpoints;

/** The whitelist routes; mount at the root. */
export function whitelistRoutes(ctx: ServerContext): Router {
  const router = Router();

  bind(router, listEndpoint, async ({ caller, res }) => {
    const entries = await ctx.store.governance.listWhitelist(caller.tenantId);
    res.json({ whitelist: entries.map(view) });
  });

  bind(router, addEndpoint, async ({ caller, body, res }) => {
    const component = body.source === undefined ? undefined : parseComponent(body.source);
    const entry = await ctx.lifecycle.whitelistAdd(
      caller.tenantId,
      {
        componentId: body.componentId,
        version: body.version,
        owner: body.owner,
        callsPerMinute: body.callsPerMinute ?? null,
        ...(component ? { component } : {}),
      },
      caller.username,
    );
    res.status(201).json(view(entry));
  });

  bind(router, removeEndpoint, async ({ caller, params, res }) => {
    await ctx.lifecycle.whitelistRemove(caller.tenantId, params.componentId, params.version, caller.username);
    res.status(204).end();
  });

  return router;
}

/** The component a `source` defines; 422 with the diagnostics when it is not a valid component. */
function parseComponent(source: string): Component {
  const report = validateSources([{ path: "component.yaml", text: source }]);
  const found = report.definitions.find((d) => d.kind === "component" && d.valid);
  if (report.ok && found) return found.definition as Component;
  throw new HttpError(
    422,
    "whitelist/invalid-source",
    "The `source` is not a valid component definition.",
    "Fix the errors in `diagnostics`; `switchyard validate` checks the file locally.",
    [],
    { diagnostics: report.diagnostics.map(toApiDiagnostic) },
  );
}

function view(entry: WhitelistEntry) {
  return {
    componentId: entry.componentId,
    version: entry.version,
    contentHash: entry.contentHash,
    owner: entry.owner,
    callsPerMinute: entry.callsPerMinute,
    addedBy: entry.addedBy,
    addedAt: iso(entry.addedAt),
  };
}
