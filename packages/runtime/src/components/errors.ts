import { type StepError, StepFailure } from "./contract.js";

/**
 * The codes the components themselves fail with. Stable: run history, breakers and users match on
 * them, and docs/components.md documents each one. Add codes; never rename or reuse one.
 *
 * Other codes reach a step from elsewhere and pass through unchanged: `expression/*` from the
 * evaluator, `record/*` from the effects gateway, `sandbox/*` from the script sandbox.
 */
export const COMPONENT_ERROR_CODES = {
  "component/invalid-config":
    "A setting, or the value one of its expressions gave at run time, cannot be used.",
  "component/invalid-input": "A custom component's inputs do not match its manifest's input schema.",
  "component/invalid-output": "A custom component returned output that does not match its output schema.",
  "component/invalid-schema": "A custom component's manifest holds a JSON Schema that does not compile.",
  "component/no-source": "A script component names a file whose code was not inlined when it was published.",
  "component/unexpected-resume":
    "A waiting step was resumed with something it did not wait for (an engine bug).",
  "record/unknown-entity": "A step names an entity that is not published.",
  "assign/no-match": "No assignment rule applied and there is no fallback.",
  "email/invalid-address": "An e-mail recipient is not an e-mail address.",
  "http/invalid-url": "The rendered URL is not an absolute http or https address.",
  "http/invalid-header": "A header name or rendered header value cannot be sent.",
  "http/status": "The HTTP server answered with an error status (4xx or 5xx).",
  "http/failed": "The HTTP call got no answer: connection refused, DNS failure, timeout.",
  "task/invalid-result": "A completed task came back without the result the step needs.",
} as const;

/** A code from the catalogue above. */
export type ComponentErrorCode = keyof typeof COMPONENT_ERROR_CODES;

/** Builds the failure a component throws: a catalogued code, a message to act on, and a hint. */
export function componentFailure(
  code: ComponentErrorCode,
  message: string,
  hint: string,
  options: { retryable?: boolean; details?: StepError["details"] } = {},
): StepFailure {
  const error: StepError =
    options.details === undefined
      ? { code, message, hint }
      : { code, message, hint, details: options.details };
  return new StepFailure(error, options.retryable ?? false);
}

/** A setting (or what it evaluated to) cannot be used: a user mistake, never retried. */
export function invalidConfig(message: string, hint: string): StepFailure {
  return componentFailure("component/invalid-config", message, hint);
}
