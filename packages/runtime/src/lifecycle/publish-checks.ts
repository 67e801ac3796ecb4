import {
  BUILTIN_COMPONENTS,
  type Component,
  type ComplianceFinding,
  type ProjectReport,
  parseSource,
  type SourceFile,
  type Step,
  type Workflow,
} from "@switchyard/definitions";
import type { WhitelistEntry } from "@switchyard/store";
import semver from "semver";
import { componentHash } from "../whitelist/content-hash.js";

/** Why a publish is refused, located in the file where that helps. */
export interface PublishProblem {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Every component the project's workflows use (resolved as the runtime resolves them) and every
 * component it defines must be on the whitelist with the approved content hash.
 */
export function whitelistProblems(
  report: ProjectReport,
  sources: readonly SourceFile[],
  whitelist: readonly WhitelistEntry[],
): PublishProblem[] {
  const own = new Set(sources.map((s) => s.path));
  const approved = new Map(whitelist.map((e) => [`${e.componentId}@${e.version}`, e]));
  const known = [
    ...BUILTIN_COMPONENTS,
    ...report.definitions.filter((d) => d.kind === "component").map((d) => d.definition as Component),
  ];
  const problems: PublishProblem[] = [];
  const documents = new Map<string, ReturnType<typeof parseSource>["document"]>();
  const locate = (file: string, path: (string | number)[]) => {
    if (!documents.has(file)) {
      const text = sources.find((s) => s.path === file)?.text ?? "";
      documents.set(file, parseSource(text, file).document);
    }
    const at = documents.get(file)?.locate(path);
    return at ? { file, line: at.line, column: at.column } : { file };
  };
  const check = (
    component: Component,
    where: { file: string; line?: number; column?: number },
    usedBy: string,
  ) => {
    const ref = `${component.id}@${component.version}`;
    const entry = approved.get(ref);
    if (!entry)
      problems.push({
        code: "publish/component-not-whitelisted",
        message: `${usedBy} uses component ${ref}, which IT has not approved for this tenant.`,
        hint: `Ask an IT admin to approve it: switchyard whitelist add ${ref} --owner <team>.`,
        ...where,
      });
    else if (entry.contentHash !== componentHash(component))
      problems.push({
        code: "publish/component-changed",
        message: `${usedBy} uses component ${ref}, but its content differs from the version IT approved.`,
        hint: "Give the changed component a new version number and have IT approve that version.",
        ...where,
      });
  };
  for (const d of report.definitions) {
    if (!own.has(d.file)) continue;
    if (d.kind === "component")
      check(d.definition as Component, locate(d.file, [...d.path, "version"]), `'${d.id}'`);
    if (d.kind !== "workflow") continue;
    visitSteps((d.definition as Workflow).steps, [...d.path, "steps"], (step, path) => {
      const at = step.component.indexOf("@");
      const id = at < 0 ? step.component : step.component.slice(0, at);
      const range = at < 0 ? "*" : step.component.slice(at + 1);
      const versions = known.filter((c) => c.id === id);
      const best = semver.maxSatisfying(
        versions.map((c) => c.version),
        range,
      );
      const component = versions.find((c) => c.version === best);
      if (component)
        check(component, locate(d.file, [...path, "component"]), `Step '${step.id}' of '${d.id}'`);
    });
  }
  return problems;
}

/** Compliance findings that stop a publish: consent gaps, and sensitive reads nobody justified. */
export function complianceProblems(
  findings: readonly ComplianceFinding[],
  own: ReadonlySet<string>,
): PublishProblem[] {
  return findings
    .filter((f) => f.severity === "blocked" && own.has(f.file))
    .map((f) => ({
      code: f.code,
      message: f.message,
      hint: f.hint,
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
    }));
}

function visitSteps(
  steps: readonly Step[],
  path: (string | number)[],
  visit: (step: Step, path: (string | number)[]) => void,
): void {
  steps.forEach((step, i) => {
    visit(step, [...path, i]);
    if (step.body) visitSteps(step.body.steps, [...path, i, "body", "steps"], visit);
  });
}
