import type { Located } from "../project/catalog.js";
import { type Component, createAjv } from "../schema/index.js";
import type { Reporter } from "./report.js";

const ajv = createAjv();

/** What the sandbox can grant today (see docs/sandbox.md). */
export const KNOWN_CAPABILITIES: readonly string[] = ["log"];

/** Checks a component manifest: its schemas compile, its implementation is complete, effects make sense. */
export function checkComponent(entry: Located<Component>, report: Reporter): void {
  const component = entry.value;
  for (const key of ["config", "input", "output"] as const) {
    const schema = component[key];
    if (!schema) continue;
    try {
      ajv.compile(schema);
    } catch (error) {
      report.error(
        "schema/invalid",
        [key],
        `The ${key} schema is not valid JSON Schema: ${error instanceof Error ? error.message : String(error)}.`,
        "Check it against JSON Schema 2020-12; formats cel, cel-template and duration are also known.",
      );
    }
  }
  (component.capabilities ?? []).forEach((capability, i) => {
    if (!KNOWN_CAPABILITIES.includes(capability)) {
      report.error(
        "ref/unknown-capability",
        ["capabilities", i],
        `The capability '${capability}' is not available.`,
        `Capabilities scripts can be granted: ${KNOWN_CAPABILITIES.join(", ")}. Pass data in through the step's inputs instead.`,
      );
    }
  });
  const impl = component.implementation;
  if (impl.type === "script" && (impl.source === undefined) === (impl.file === undefined)) {
    report.error(
      "schema/invalid",
      ["implementation"],
      "A script component needs exactly one of 'source' or 'file'.",
      "Put the code in 'source:', or name a .js file beside the manifest in 'file:'.",
    );
  }
  if (component.effects.includes("none") && component.effects.length > 1) {
    report.error(
      "schema/invalid",
      ["effects"],
      "'none' cannot be combined with other effects.",
      "List only the effects the component has, or just 'none'.",
    );
  }
}
