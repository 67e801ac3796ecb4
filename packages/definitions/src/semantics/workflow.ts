import { CronExpressionParser } from "cron-parser";
import { type CelScope, type CelType, CelTypes } from "../cel/index.js";
import { suggestionHint } from "../diagnostics/index.js";
import type { Catalog, Located } from "../project/catalog.js";
import { type Component, isTimeZone, type Step, type Workflow } from "../schema/index.js";
import { checkConfig, parseComponentRef, resolveComponent } from "./components.js";
import { checkCelAt, findExpressions, type LocatedRead } from "./expressions.js";
import type { Reporter } from "./report.js";
import { checkGraph, forEachStep } from "./workflow-graph.js";
import { EVENT_TYPE, extendScope, outputType, workflowScope } from "./workflow-scope.js";

type Path = (string | number)[];

/** Checks a workflow: graph, triggers, components and their config, references and every expression. */
export function checkWorkflow(
  entry: Located<Workflow>,
  catalog: Catalog,
  report: Reporter,
  reads: LocatedRead[],
): void {
  const workflow = entry.value;
  checkGraph(workflow, report);
  if (workflow.entity && !catalog.has("entity", workflow.entity)) {
    report.error(
      "ref/unknown-entity",
      ["entity"],
      `There is no entity '${workflow.entity}'.`,
      suggestionHint(workflow.entity, catalog.ids("entity"), "Entities"),
    );
  }
  const components = new Map<Step, Component | undefined>();
  forEachStep(workflow, (step, path) => {
    components.set(step, resolveComponent(catalog, step.component, report, [...path, "component"]));
  });
  const resolve = (step: Step) => components.get(step);
  checkTriggers(workflow, catalog, report, reads);
  const vars: Record<string, CelType> = {};
  for (const [name, source] of Object.entries(workflow.vars ?? {})) {
    if (typeof source !== "string") {
      // A plain number or boolean is a constant; YAML integers are CEL ints, other numbers doubles.
      vars[name] =
        typeof source === "boolean"
          ? CelTypes.bool
          : Number.isInteger(source)
            ? CelTypes.int
            : CelTypes.double;
      continue;
    }
    vars[name] = checkCelAt(
      report,
      reads,
      ["vars", name],
      source,
      workflowScope(catalog, workflow, resolve, vars),
    );
  }
  const scope = workflowScope(catalog, workflow, resolve, vars);
  const walk = (steps: readonly Step[], path: Path, stepScope: CelScope) =>
    steps.forEach((step, i) => {
      const stepPath = [...path, i];
      checkStep(step, resolve(step), stepPath, stepScope, catalog, report, reads);
      if (step.body) {
        const config = (step.config ?? {}) as { as?: string; items?: string };
        const items =
          typeof config.items === "string"
            ? checkCelAt(report, [], [...stepPath, "config", "items"], config.items, stepScope)
            : CelTypes.dyn;
        const element = items.kind === "list" ? items.element : CelTypes.dyn;
        walk(
          step.body.steps,
          [...stepPath, "body", "steps"],
          extendScope(stepScope, { [config.as ?? "item"]: element }),
        );
      }
    });
  walk(workflow.steps, ["steps"], scope);
  (workflow.breaker?.anomalies ?? []).forEach((rule, i) => {
    checkCelAt(report, reads, ["breaker", "anomalies", i, "when"], rule.when, scope, {
      expect: CelTypes.bool,
    });
  });
}

function checkTriggers(workflow: Workflow, catalog: Catalog, report: Reporter, reads: LocatedRead[]): void {
  const triggerScope: CelScope = { variables: { event: EVENT_TYPE, now: CelTypes.timestamp } };
  workflow.triggers.forEach((trigger, i) => {
    const path = ["triggers", i];
    if (trigger.type === "event" && trigger.filter) {
      checkCelAt(report, reads, [...path, "filter"], trigger.filter, triggerScope, { expect: CelTypes.bool });
    }
    if (trigger.type === "schedule") {
      try {
        CronExpressionParser.parse(trigger.cron, { tz: "UTC" });
      } catch (error) {
        report.error(
          "value/cron",
          [...path, "cron"],
          `'${trigger.cron}' is not a valid schedule: ${error instanceof Error ? error.message : String(error)}.`,
          "Write five fields: minute hour day-of-month month day-of-week, e.g. '0 8 * * 1' for Mondays at 08:00.",
        );
      }
      if (trigger.timezone !== undefined && !isTimeZone(trigger.timezone)) {
        report.error(
          "value/timezone",
          [...path, "timezone"],
          `'${trigger.timezone}' is not a time zone.`,
          "Use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC.",
        );
      }
    }
    if (trigger.type === "manual" && trigger.form && !catalog.has("form", trigger.form)) {
      report.error(
        "ref/unknown-form",
        [...path, "form"],
        `There is no form '${trigger.form}'.`,
        suggestionHint(trigger.form, catalog.ids("form"), "Forms"),
      );
    }
  });
}

function checkStep(
  step: Step,
  component: Component | undefined,
  path: Path,
  scope: CelScope,
  catalog: Catalog,
  report: Reporter,
  reads: LocatedRead[],
): void {
  const { id } = parseComponentRef(step.component);
  if (id === "core.for-each" && !step.body) {
    report.error(
      "schema/required",
      path,
      `For-each step '${step.id}' has no 'body'.`,
      "Add 'body:' with 'start:' and the 'steps:' to run for each item.",
    );
  }
  if (id !== "core.for-each" && step.body) {
    report.errorAtKey(
      "schema/unknown-property",
      [...path, "body"],
      `Step '${step.id}' has a 'body', but only core.for-each steps run one.`,
      "Remove 'body', or change the component to core.for-each.",
    );
  }
  if (component) {
    checkConfig(component, step.config, report, [...path, "config"]);
    checkReferences(step, id, path, catalog, report);
    for (const expr of findExpressions(component.config, step.config ?? {}, [...path, "config"])) {
      if (id === "core.for-each" && expr.path[expr.path.length - 1] === "items") continue; // checked with the body
      // In a wait's `match`, `incoming` is the event being waited for.
      const isMatch = id === "core.wait" && expr.path[expr.path.length - 1] === "match";
      const own = isMatch ? extendScope(scope, { incoming: EVENT_TYPE }) : scope;
      checkCelAt(report, reads, expr.path, expr.source, own, { template: expr.template });
    }
  }
  for (const [name, source] of Object.entries(step.inputs ?? {})) {
    checkCelAt(report, reads, [...path, "inputs", name], source, scope);
  }
  const edgeScope = extendScope(scope, { output: outputType(catalog, component, step) });
  (step.next ?? []).forEach((edge, j) => {
    if (edge.when !== undefined)
      checkCelAt(report, reads, [...path, "next", j, "when"], edge.when, edgeScope, {
        expect: CelTypes.bool,
      });
  });
}

/** Checks the ids a step's config names: entities and their fields, forms, sub-workflows. */
function checkReferences(
  step: Step,
  componentId: string,
  path: Path,
  catalog: Catalog,
  report: Reporter,
): void {
  const config = (step.config ?? {}) as Record<string, unknown>;
  const configPath = [...path, "config"];
  if (typeof config.entity === "string") {
    const entity = catalog.get("entity", config.entity);
    if (!entity) {
      report.error(
        "ref/unknown-entity",
        [...configPath, "entity"],
        `There is no entity '${config.entity}'.`,
        suggestionHint(config.entity, catalog.ids("entity"), "Entities"),
      );
    } else if (entity.wellFormed) {
      // Every record has an id, declared or not: steps may set it (create) or match on it (find).
      const fields = ["id", ...Object.keys(entity.value.schema.properties)];
      for (const key of ["values", "match"]) {
        const map = config[key];
        if (typeof map !== "object" || map === null) continue;
        for (const field of Object.keys(map)) {
          if (!fields.includes(field)) {
            report.errorAtKey(
              "ref/unknown-field",
              [...configPath, key, field],
              `Entity '${entity.value.id}' has no field '${field}'.`,
              suggestionHint(field, fields, "Fields"),
            );
          }
        }
      }
    }
  }
  if (
    componentId === "core.form-task" &&
    typeof config.form === "string" &&
    !catalog.has("form", config.form)
  ) {
    report.error(
      "ref/unknown-form",
      [...configPath, "form"],
      `There is no form '${config.form}'.`,
      suggestionHint(config.form, catalog.ids("form"), "Forms"),
    );
  }
  if (
    componentId === "core.sub-workflow" &&
    typeof config.workflow === "string" &&
    !catalog.has("workflow", config.workflow)
  ) {
    report.error(
      "ref/unknown-workflow",
      [...configPath, "workflow"],
      `There is no workflow '${config.workflow}'.`,
      suggestionHint(config.workflow, catalog.ids("workflow"), "Workflows"),
    );
  }
  if (componentId === "core.wait") {
    const modes = ["duration", "until", "event"].filter((k) => config[k] !== undefined);
    if (modes.length !== 1) {
      report.error(
        "schema/invalid",
        configPath,
        `Wait step '${step.id}' must wait for exactly one of: duration, until or event${modes.length > 1 ? ` (it has ${modes.join(" and ")})` : ""}.`,
        "Keep one of 'duration:', 'until:' or 'event:'.",
      );
    }
  }
}
