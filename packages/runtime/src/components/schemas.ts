import { builtinComponent, createAjv } from "@switchyard/definitions";
import type { StepContext } from "./contract.js";
import { componentFailure, invalidConfig } from "./errors.js";

type Ajv = ReturnType<typeof createAjv>;
type Validator = ReturnType<Ajv["compile"]>;

/** One value that does not fit its schema: where (`values.amount`, or `(root)`) and what is wrong. */
export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
}

let ajv: Ajv | undefined;
// Keyed by the schema object, so each manifest's schema compiles once per process.
const validators = new WeakMap<object, Validator>();

function validatorFor(schema: object): Validator {
  let validate = validators.get(schema);
  if (validate === undefined) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Checks a value against a JSON Schema (2020-12, with Switchyard's formats). Returns the problems,
 * none when it fits. Throws `component/invalid-schema` when the schema itself does not compile.
 */
export function schemaProblems(schema: object, value: unknown, what: string): SchemaProblem[] {
  let validate: Validator;
  try {
    validate = validatorFor(schema);
  } catch (error) {
    throw componentFailure(
      "component/invalid-schema",
      `The ${what} schema does not compile: ${error instanceof Error ? error.message : String(error)}.`,
      "Run 'switchyard validate' on the component's manifest and fix the schema it reports.",
    );
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = e.instancePath.slice(1).replace(/\//g, ".");
    const missing = (e.params as { missingProperty?: unknown }).missingProperty;
    const field =
      e.keyword === "required" && typeof missing === "string"
        ? [path, missing].filter(Boolean).join(".")
        : path;
    return { field: field || "(root)", message: e.message ?? "is not valid" };
  });
}

/** The problems as one sentence for a message: `values.amount must be number; name is missing`. */
export function describeProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.field} ${p.message}`).join("; ");
}

/** Step configs (objects of a loaded definition, never changed) that fit this schema: checked once. */
const fitting = new WeakMap<object, object>();

/**
 * The step's config, checked against the built-in component's own config schema and typed as `T`.
 * Definitions are validated when published; this guards the runtime against anything that was
 * not (an old run, a hand-edited store), so a component can rely on the shape `T` describes.
 */
export function readBuiltinConfig<T>(ctx: StepContext, componentId: string): T {
  const schema = builtinComponent(componentId)?.config;
  if (schema !== undefined && fitting.get(ctx.config) !== schema) {
    const problems = schemaProblems(schema, ctx.config, "config");
    if (problems.length > 0) {
      throw invalidConfig(
        `The settings of step '${ctx.step.id}' do not fit ${componentId}: ${describeProblems(problems)}.`,
        "Run 'switchyard validate' on the workflow; it shows each wrong setting with its line.",
      );
    }
    fitting.set(ctx.config, schema);
  }
  // The schema check above is what makes this cast sound.
  return ctx.config as T;
}
