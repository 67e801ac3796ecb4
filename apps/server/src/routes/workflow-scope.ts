import type { DefinitionVersion } from "@switchyard/store";
import { canEditRegion, canReadRegion } from "../auth/policy.js";
import type { Principal } from "../auth/principal.js";
import type { ServerContext } from "../context.js";
import { forbidden, notFound } from "../errors.js";
import { latestVersion, scope } from "./definitions.js";

/**
 * What a caller wants to do with a workflow: `read` it (its shadow report) or `act` on it
 * (publish, shadow, promote, roll back, retire, reset its breaker).
 */
export type WorkflowAccess = "read" | "act";

/**
 * The workflow's newest version, once the caller may reach it: a workflow the tenant does not have,
 * or one of a peer region the caller may not read, is 404 (indistinguishable); acting needs the
 * right to edit its region (403), except for IT admins, whose permissions (rollback, breakers) are
 * tenant-wide.
 */
export async function reachWorkflow(
  ctx: ServerContext,
  caller: Principal,
  workflowId: string,
  access: WorkflowAccess,
): Promise<DefinitionVersion> {
  const latest = await latestVersion(ctx.store, caller.tenantId, "workflow", workflowId);
  const region = scope(latest?.body).region;
  if (!latest || !canReadRegion(caller, region)) throw notFound(`The workflow '${workflowId}'`);
  if (access === "act") assertMayAct(caller, region, `workflow '${workflowId}'`);
  return latest;
}

/** 403 unless the caller may change a workflow of `region` (see `reachWorkflow`). */
export function assertMayAct(caller: Principal, region: string | undefined, what: string): void {
  if (region === undefined || caller.roles.includes("it-admin") || canEditRegion(caller, region)) return;
  throw forbidden(`You may not change definitions of region '${region}'; the ${what} belongs to it.`);
}

/** Milliseconds since the epoch as the API writes times. */
export const iso = (ms: number): string => new Date(ms).toISOString();
