import { type Component, isSwitchyardError } from "@switchyard/definitions";
import type { SandboxError, ScriptResult } from "../sandbox/index.js";
import { type ComponentImplementation, type StepContext, StepFailure, type StepOutcome } from "./contract.js";
import { componentFailure } from "./errors.js";
import { evaluateAt, renderAt } from "./evaluate.js";
import { describeProblems, schemaProblems } from "./schemas.js";
import { isPlainObject } from "./values.js";

/** Sandbox failures worth another attempt: the worker died, not the script's logic. */
const RETRYABLE_SANDBOX_CODES: ReadonlySet<string> = new Set(["sandbox/crashed"]);

/**
 * The config with its expressions evaluated: a string whose schema (reached through
 * `properties`, `additionalProperties` and `items`) has `format: cel` becomes the value it
 * gives, one with `format: cel-template` is rendered. Everything else is passed as written.
 */
export function resolveExpressions(ctx: StepContext, schema: unknown, value: unknown, path: string): unknown {
  if (!isPlainObject(schema)) return value;
  if (typeof value === "string") {
    if (schema.format === "cel") return evaluateAt(ctx, path, value);
    if (schema.format === "cel-template") return renderAt(ctx, path, value);
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => resolveExpressions(ctx, schema.items, item, `${path}[${i}]`));
  }
  if (isPlainObject(value)) {
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const sub = Object.hasOwn(properties, key) ? properties[key] : schema.additionalProperties;
        return [key, resolveExpressions(ctx, sub, item, path === "" ? key : `${path}.${key}`)];
      }),
    );
  }
  return value;
}

/** Checks a value against one of the manifest's schemas; `code` names what does not fit. */
function check(
  manifest: Component,
  key: "config" | "input" | "output",
  value: unknown,
  code: "component/invalid-config" | "component/invalid-input" | "component/invalid-output",
  hint: string,
): void {
  const schema = manifest[key];
  if (schema === undefined) return;
  const problems = schemaProblems(schema, value, `'${manifest.id}' ${key}`);
  if (problems.length === 0) return;
  throw componentFailure(
    code,
    `The ${key} of '${manifest.id}' does not fit its schema: ${describeProblems(problems)}.`,
    hint,
    {
      details: problems,
    },
  );
}

function sandboxFailure(manifest: Component, error: SandboxError): StepFailure {
  const at =
    error.line === undefined
      ? ""
      : ` (line ${error.line}${error.column === undefined ? "" : `, column ${error.column}`})`;
  return new StepFailure(
    {
      code: error.code,
      message: `'${manifest.id}' ${manifest.version}: ${error.message}${at}`,
      hint: error.hint,
    },
    RETRYABLE_SANDBOX_CODES.has(error.code),
  );
}

async function runScript(manifest: Component, ctx: StepContext): Promise<StepOutcome> {
  const impl = manifest.implementation;
  const source = impl.type === "script" ? impl.source : undefined;
  if (impl.type !== "script" || source === undefined) {
    const file = impl.type === "script" && impl.file !== undefined ? `the file '${impl.file}'` : "no code";
    throw componentFailure(
      "component/no-source",
      `Component '${manifest.id}' ${manifest.version} has ${file} but no inline source, so there is nothing to run.`,
      "Publish the component from its project folder, which inlines the file as 'source', or put the code in 'source:'.",
    );
  }
  check(
    manifest,
    "config",
    ctx.config,
    "component/invalid-config",
    "Run 'switchyard validate' on the workflow.",
  );
  const config = resolveExpressions(ctx, manifest.config, ctx.config, "");
  const input = ctx.inputs;
  check(
    manifest,
    "input",
    input,
    "component/invalid-input",
    "Check the step's 'inputs:' bindings against the component's input schema.",
  );
  let result: ScriptResult;
  try {
    result = await ctx.sandbox.run({
      source,
      input,
      config,
      ...(impl.limits === undefined ? {} : { limits: impl.limits }),
      ...(manifest.capabilities === undefined ? {} : { capabilities: manifest.capabilities }),
    });
  } catch (error) {
    // The sandbox rejects only for a caller's mistake, e.g. input that is not JSON.
    if (!isSwitchyardError(error)) throw error;
    throw new StepFailure({ code: error.code, message: error.message, hint: error.hint });
  }
  if (!result.ok) throw sandboxFailure(manifest, result.error);
  check(
    manifest,
    "output",
    result.output,
    "component/invalid-output",
    `The script of '${manifest.id}' returns something its output schema does not allow: fix the script or the schema (owner: ${manifest.owner}).`,
  );
  return { kind: "completed", output: result.output };
}

/**
 * The implementation of a custom script component. Each call runs `implementation.source` in the
 * sandbox as `run(input, config)`: input is the step's evaluated `inputs:` (nothing else — a script
 * sees only what the step binds), config is the step's `config` with its CEL settings evaluated.
 * Config, input and output are checked against the manifest's schemas.
 */
export function scriptImplementation(manifest: Component): ComponentImplementation {
  return { id: manifest.id, execute: (ctx) => runScript(manifest, ctx) };
}
