import { type Static, Type } from "@sinclair/typebox";
import {
  Cel,
  Closed,
  cel,
  Description,
  Duration,
  duration,
  Id,
  id,
  Owner,
  Region,
  StepId,
  stepId,
  Tagged,
} from "./common.js";

const EventTrigger = Closed(
  {
    type: Type.Literal("event"),
    event: Type.String({
      pattern: "^[a-z][a-z0-9_.-]*$",
      description: "The event type, e.g. shop.registered.",
    }),
    filter: Type.Optional(cel("Only events for which this CEL condition is true start a run.")),
  },
  { description: "Start a run when an event of this type arrives." },
);
const ScheduleTrigger = Closed(
  {
    type: Type.Literal("schedule"),
    cron: Type.String({
      description: "A cron expression: minute hour day-of-month month day-of-week, e.g. '0 8 * * 1'.",
    }),
    timezone: Type.Optional(
      Type.String({ description: "An IANA time zone, e.g. Asia/Shanghai. Default UTC." }),
    ),
  },
  { description: "Start a run on a schedule." },
);
const WebhookTrigger = Closed(
  {
    type: Type.Literal("webhook"),
    path: Type.String({
      pattern: "^[a-z0-9][a-z0-9/_-]*$",
      description: "The path under /api/hooks/, e.g. erp/order-created.",
    }),
    method: Type.Optional(Type.Union([Type.Literal("POST"), Type.Literal("PUT")], { default: "POST" })),
  },
  { description: "Start a run when an HTTP request arrives at /api/hooks/<path>." },
);
const ManualTrigger = Closed(
  {
    type: Type.Literal("manual"),
    form: Type.Optional(id("A form the user fills in to start the run.")),
  },
  { description: "Start a run by hand from the studio or the API." },
);

/** How a run starts. */
export const Trigger = Tagged("type", [EventTrigger, ScheduleTrigger, WebhookTrigger, ManualTrigger]);
export type Trigger = Static<typeof Trigger>;

/** An edge to another step; taken when `when` is true (or always, when it has no condition). */
export const Edge = Closed({
  to: StepId,
  when: Type.Optional(Cel),
  label: Type.Optional(Type.String({ maxLength: 200, description: "Shown on the canvas." })),
});
export type Edge = Static<typeof Edge>;

/** Retry, timeout and fallback for one step. */
export const ErrorPolicy = Closed({
  retry: Type.Optional(
    Closed({
      maxAttempts: Type.Integer({
        minimum: 1,
        maximum: 20,
        description: "Attempts in all, the first one included.",
      }),
      backoff: Type.Optional(
        Type.Union([Type.Literal("fixed"), Type.Literal("exponential")], { default: "exponential" }),
      ),
      initialDelay: Type.Optional(Duration),
      maxDelay: Type.Optional(Duration),
    }),
  ),
  timeout: Type.Optional(Duration),
  fallback: Type.Optional(stepId("The step to go to when the step fails for good.")),
});
export type ErrorPolicy = Static<typeof ErrorPolicy>;

/** Canvas placement; kept so that canvas ⇄ YAML round-trips without loss. */
export const Layout = Closed({ x: Type.Number(), y: Type.Number() });

const stepProperties = {
  id: StepId,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Description),
  component: Type.String({
    pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*(@[0-9A-Za-z.^~<>=*-]+)?$",
    description:
      "The component this step runs, e.g. core.send-email, or acme.rebate@^1.2 to pin a version range.",
  }),
  config: Type.Optional(
    Type.Object(
      {},
      { additionalProperties: true, description: "Settings, checked against the component's config schema." },
    ),
  ),
  inputs: Type.Optional(
    Type.Record(Type.String({ pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$" }), Cel, {
      description: "Data bindings: input name → CEL expression.",
    }),
  ),
  next: Type.Optional(
    Type.Array(Edge, {
      description:
        "Where to go next. Edges are tried in order; the first whose condition holds is taken (all of them after core.parallel).",
    }),
  ),
  onError: Type.Optional(ErrorPolicy),
  layout: Type.Optional(Layout),
};

/** One step of a workflow. A for-each step has a body: a nested graph run once per item. */
export const Step = Type.Recursive(
  (Self) =>
    Closed({
      ...stepProperties,
      body: Type.Optional(
        Closed(
          { start: StepId, steps: Type.Array(Self, { minItems: 1 }) },
          { description: "The steps run for each item (core.for-each)." },
        ),
      ),
    }),
  { $id: "Step" },
);
export type Step = Static<typeof Step>;

/** Pause the workflow when errors or anomalies pass a threshold. */
export const BreakerPolicy = Closed({
  errorRate: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.05,
      description: "Share of failed runs that opens the breaker.",
    }),
  ),
  window: Type.Optional(duration("The rolling window the rate is measured over.", "10m")),
  minRuns: Type.Optional(
    Type.Integer({
      minimum: 1,
      default: 20,
      description: "Fewest runs in the window before the rate counts.",
    }),
  ),
  halfOpenAfter: Type.Optional(Duration),
  onOpen: Type.Optional(Type.Union([Type.Literal("pause"), Type.Literal("rollback")], { default: "pause" })),
  notify: Type.Optional(Type.Array(Owner)),
  anomalies: Type.Optional(
    Type.Array(
      Closed({
        id: StepId,
        when: Cel,
        description: Type.Optional(Description),
      }),
      {
        description:
          "Conditions on a finished run that count as anomalies, e.g. a rebate above its expected range.",
      },
    ),
  ),
});
export type BreakerPolicy = Static<typeof BreakerPolicy>;

/** What a new version must show in shadow mode before it may go live. */
export const ShadowPolicy = Closed({
  minDuration: Type.Optional(duration("Shortest time in shadow mode before promotion.", "72h")),
  minEvents: Type.Optional(Type.Integer({ minimum: 0 })),
  maxErrorRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.01 })),
  maxBoundaryViolations: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  requireApproval: Type.Optional(Type.Boolean({ default: true })),
});
export type ShadowPolicy = Static<typeof ShadowPolicy>;

/** A workflow: triggers, and steps as a graph. */
export const Workflow = Closed(
  {
    kind: Type.Literal("workflow"),
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Description),
    owner: Owner,
    region: Region,
    entity: Type.Optional(id("The entity whose record the workflow acts on (the `record` variable).")),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 50 }))),
    triggers: Type.Array(Trigger, { minItems: 1 }),
    vars: Type.Optional(
      Type.Record(
        Type.String({ pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$" }),
        Type.Union([Cel, Type.Number(), Type.Boolean()]),
        {
          description:
            "Values computed once when a run starts (`vars.<name>`): a CEL expression, or a plain number or true/false.",
        },
      ),
    ),
    start: StepId,
    steps: Type.Array(Step, { minItems: 1 }),
    breaker: Type.Optional(BreakerPolicy),
    shadow: Type.Optional(ShadowPolicy),
  },
  { title: "Switchyard workflow" },
);
export type Workflow = Static<typeof Workflow>;
