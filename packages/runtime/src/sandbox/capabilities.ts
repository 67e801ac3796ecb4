import { type SandboxError, sandboxError } from "./errors.js";

/**
 * Capabilities the sandbox can grant today. A script gets nothing beyond the language itself
 * unless its manifest declares a capability listed here.
 *
 * The seam for more: the host decides (here) which capabilities a call gets and sends only the
 * granted names to the worker, which installs one guest global per name (worker-source.ts,
 * `installers`). A bridged capability such as `records:read:<entity>` will add an installer whose
 * guest function returns a promise, posts a request to the host over the worker's port and
 * settles when the host answers; the worker already drains promise jobs until `run()` settles.
 */
export const IMPLEMENTED_CAPABILITIES: ReadonlySet<string> = new Set(["log"]);

/** The capabilities a call may use, or why it may not run at all. */
export type CapabilityGrant = { granted: readonly string[] } | { denied: SandboxError };

/**
 * Grant what a call declares, or deny the whole call if it declares anything this sandbox cannot
 * provide: running a script without a capability it was written to rely on would only move the
 * failure to a worse place.
 */
export function grantCapabilities(requested: readonly string[] | undefined): CapabilityGrant {
  const unique = [...new Set(requested ?? [])];
  const unknown = unique.filter((name) => !IMPLEMENTED_CAPABILITIES.has(name));
  if (unknown.length === 0) return { granted: unique };
  const names = unknown.map((name) => JSON.stringify(name)).join(", ");
  const what = unknown.length === 1 ? "capability" : "capabilities";
  return {
    denied: sandboxError(
      "sandbox/capability-denied",
      `The script requests the ${what} ${names}, which this sandbox does not provide.`,
    ),
  };
}
