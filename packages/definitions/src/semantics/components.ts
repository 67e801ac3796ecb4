import type { ValidateFunction } from "ajv";
import semver from "semver";
import { BUILTIN_COMPONENTS } from "../components/index.js";
import { suggestionHint } from "../diagnostics/index.js";
import type { Catalog } from "../project/catalog.js";
import { type Component, createAjv, mapAjvErrors } from "../schema/index.js";
import type { Reporter } from "./report.js";

/** Splits `acme.rebate@^1.2` into id and version range (`*` when none is given). */
export function parseComponentRef(ref: string): { id: string; range: string } {
  const at = ref.indexOf("@");
  return at < 0 ? { id: ref, range: "*" } : { id: ref.slice(0, at), range: ref.slice(at + 1) };
}

/** All versions of a component known to the project: built-ins first, then the project's own. */
export function componentVersions(catalog: Catalog, id: string): Component[] {
  const builtin = BUILTIN_COMPONENTS.filter((c) => c.id === id);
  return [
    ...builtin,
    ...catalog
      .all("component", id)
      .filter((c) => c.wellFormed)
      .map((c) => c.value),
  ];
}

/** Resolves a step's component reference to the newest matching version, reporting what is wrong. */
export function resolveComponent(
  catalog: Catalog,
  ref: string,
  report: Reporter,
  path: (string | number)[],
): Component | undefined {
  const { id, range } = parseComponentRef(ref);
  const versions = componentVersions(catalog, id);
  if (versions.length === 0) {
    if (catalog.has("component", id)) return undefined; // defined but malformed: reported in its own file
    const known = [...new Set([...BUILTIN_COMPONENTS.map((c) => c.id), ...catalog.ids("component")])];
    report.error(
      "ref/unknown-component",
      path,
      `There is no component '${id}'.`,
      suggestionHint(id, known, "Components"),
    );
    return undefined;
  }
  if (semver.validRange(range) === null) {
    report.error(
      "ref/component-version",
      path,
      `'${range}' is not a version range.`,
      "Write a version such as 1.2.0, or a range such as ^1.2 or ~1.2.3.",
    );
    return undefined;
  }
  const best = semver.maxSatisfying(
    versions.map((c) => c.version),
    range,
  );
  const match = versions.find((c) => c.version === best);
  if (!match) {
    report.error(
      "ref/component-version",
      path,
      `No version of '${id}' matches '${range}'.`,
      `Available: ${versions.map((c) => c.version).join(", ")}.`,
    );
  }
  return match;
}

const configValidators = new WeakMap<Component, ValidateFunction | null>();
const ajv = createAjv();

/** Validates a step's config against its component's config schema (compiled once per manifest). */
export function checkConfig(
  component: Component,
  config: unknown,
  report: Reporter,
  path: (string | number)[],
): void {
  let validate = configValidators.get(component);
  if (validate === undefined) {
    try {
      validate = component.config ? ajv.compile(component.config) : null;
    } catch {
      validate = null; // an invalid config schema is reported on the component itself
    }
    configValidators.set(component, validate);
  }
  if (!validate || validate(config ?? {})) return;
  const errors = validate.errors ?? [];
  const base = report.fullPath(path);
  if (!base) return;
  const diagnostics = mapAjvErrors(errors, report.doc, config ?? {}, base);
  report.push(
    ...diagnostics.map((d) =>
      d.code.startsWith("schema/")
        ? { ...d, hint: d.hint || `See the '${component.id}' component's settings in docs/components.md.` }
        : d,
    ),
  );
}
