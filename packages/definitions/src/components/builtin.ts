import type { Component } from "../schema/index.js";

// Small schema builders keep the catalogue readable; the result is plain JSON Schema.
const cel = (description: string) => ({ type: "string", format: "cel", minLength: 1, description });
const template = (description: string) => ({ type: "string", format: "cel-template", description });
const duration = (description: string) => ({ type: "string", format: "duration", description });
const entityId = {
  type: "string",
  pattern: "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$",
  description: "An entity id.",
};
const celMap = (description: string) => ({
  type: "object",
  additionalProperties: cel("A CEL expression."),
  description,
});
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  additionalProperties: false,
  properties,
  ...(required.length > 0 ? { required } : {}),
});

function builtin(
  id: string,
  name: string,
  category: string,
  description: string,
  effects: Component["effects"],
  config: Record<string, unknown>,
  output: Record<string, unknown> = { type: "object" },
): Component {
  return {
    kind: "component",
    id,
    version: "1.0.0",
    name,
    description,
    owner: "switchyard",
    category,
    config,
    output,
    effects,
    implementation: { type: "builtin" },
  };
}

const recordOutput = closed({ id: { type: "string" }, record: { type: "object" } });

/**
 * The components every tenant has. The runtime implements each; the definitions package only
 * needs their manifests, to check steps and to type `steps.<id>.output` in expressions.
 */
export const BUILTIN_COMPONENTS: readonly Component[] = [
  builtin(
    "core.switch",
    "Choice",
    "logic",
    "Exclusive choice: takes the first outgoing edge whose condition holds; an edge without a condition is the default and comes last.",
    ["none"],
    closed({}),
  ),
  builtin(
    "core.parallel",
    "Parallel split",
    "logic",
    "Starts every outgoing edge whose condition holds, at the same time.",
    ["none"],
    closed({}),
  ),
  builtin(
    "core.join",
    "Join",
    "logic",
    "Waits for the branches of a parallel split, then continues once.",
    ["none"],
    closed({
      mode: {
        enum: ["all", "any"],
        default: "all",
        description: "Wait for all branches, or continue after the first.",
      },
    }),
  ),
  builtin(
    "core.for-each",
    "For each",
    "logic",
    "Runs its body once for every item of a list.",
    ["none"],
    closed(
      {
        items: cel("The list to go through, e.g. record.products."),
        as: {
          type: "string",
          pattern: "^[a-z][a-zA-Z0-9_]*$",
          default: "item",
          description: "The name of the current item in the body's expressions.",
        },
        concurrency: { type: "integer", minimum: 1, maximum: 50, default: 1 },
      },
      ["items"],
    ),
    closed({ count: { type: "integer" }, results: { type: "array" } }),
  ),
  builtin(
    "core.wait",
    "Wait",
    "logic",
    "Waits for a time span, until a moment, or for an event (with an optional timeout).",
    ["none"],
    closed({
      duration: duration("How long to wait, e.g. 2d."),
      until: cel("A timestamp to wait for, e.g. record.meeting_at - duration('1h')."),
      event: { type: "string", pattern: "^[a-z][a-z0-9_.-]*$", description: "An event type to wait for." },
      match: cel("Only an event for which this is true ends the wait (variable: incoming)."),
      timeout: duration("Give up waiting for the event after this long."),
    }),
    closed({ timedOut: { type: "boolean" }, event: {} }),
  ),
  builtin(
    "core.sub-workflow",
    "Sub-workflow",
    "logic",
    "Starts another workflow and, by default, waits for its result.",
    ["none"],
    closed(
      {
        workflow: entityId,
        inputs: celMap("Values passed to the sub-workflow."),
        wait: { type: "boolean", default: true },
      },
      ["workflow"],
    ),
    closed({ runId: { type: "string" }, output: {} }),
  ),
  builtin(
    "core.approval",
    "Approval",
    "people",
    "Asks one or more people to approve or reject.",
    ["notification"],
    closed(
      {
        title: template("What is to be approved."),
        approvers: cel("Who approves: a user id or a list of them."),
        quorum: { type: "integer", minimum: 1, description: "Approvals needed; default all." },
        due: duration("Escalate after this long."),
      },
      ["title", "approvers"],
    ),
    closed({ approved: { type: "boolean" }, approver: { type: "string" }, comment: { type: "string" } }),
  ),
  builtin(
    "core.form-task",
    "Form task",
    "people",
    "Asks a person to fill in a form; the run continues when it is submitted.",
    ["notification"],
    closed(
      {
        form: entityId,
        assignee: cel("Who fills it in: a user id."),
        title: template("The task's title."),
        due: duration("Escalate after this long."),
      },
      ["form", "assignee"],
    ),
    closed({ submittedBy: { type: "string" }, record: { type: "object" } }),
  ),
  builtin(
    "core.set",
    "Set fields",
    "data",
    "Computes values with CEL and keeps them for later steps (steps.<id>.output.<name>).",
    ["none"],
    closed({ fields: celMap("Name → CEL expression.") }, ["fields"]),
    { type: "object", additionalProperties: true },
  ),
  builtin(
    "core.create-record",
    "Create record",
    "records",
    "Creates a record, validated against its entity's schema.",
    ["record-write"],
    closed({ entity: entityId, values: celMap("Field → CEL expression.") }, ["entity", "values"]),
    recordOutput,
  ),
  builtin(
    "core.update-record",
    "Update record",
    "records",
    "Changes fields of a record, validated against its entity's schema.",
    ["record-write"],
    closed(
      {
        entity: entityId,
        id: cel("The id of the record to change, e.g. record.id."),
        values: celMap("Field → CEL expression."),
      },
      ["entity", "id", "values"],
    ),
    recordOutput,
  ),
  builtin(
    "core.find-record",
    "Find record",
    "records",
    "Finds the first record whose fields equal the given values.",
    ["none"],
    closed({ entity: entityId, match: celMap("Field → the value it must equal.") }, ["entity", "match"]),
    closed({
      found: { type: "boolean" },
      id: { type: "string" },
      record: { type: "object" },
      count: { type: "integer" },
    }),
  ),
  builtin(
    "core.score",
    "Score",
    "decisions",
    "Adds up weighted rules into a score and records which rules fired.",
    ["none"],
    closed(
      {
        base: { type: "number", default: 0 },
        rules: {
          type: "array",
          minItems: 1,
          items: closed(
            {
              id: { type: "string", pattern: "^[a-z][a-zA-Z0-9_-]*$" },
              when: cel("When this rule applies."),
              weight: { type: "number" },
              reason: template("Why, in words shown to users."),
            },
            ["id", "when", "weight"],
          ),
        },
        bands: {
          type: "array",
          items: closed({ min: { type: "number" }, label: { type: "string" } }, ["min", "label"]),
        },
      },
      ["rules"],
    ),
    closed({
      score: { type: "number" },
      band: { type: "string" },
      fired: { type: "array", items: { type: "string" } },
    }),
  ),
  builtin(
    "core.assign",
    "Assign",
    "decisions",
    "Chooses an owner by rules, or in turn from a pool.",
    ["record-write"],
    closed(
      {
        strategy: { enum: ["rules", "round-robin"] },
        rules: {
          type: "array",
          items: closed(
            { id: { type: "string" }, when: cel("When this rule applies."), assignee: cel("Who gets it.") },
            ["id", "when", "assignee"],
          ),
        },
        pool: { type: "array", minItems: 1, items: { type: "string" } },
        fallback: { type: "string", description: "Who gets it when no rule applies." },
      },
      ["strategy"],
    ),
    closed({ assignee: { type: "string" }, rule: { type: "string" } }),
  ),
  builtin(
    "core.notify",
    "Notify",
    "messaging",
    "Sends an in-app notification.",
    ["notification"],
    closed(
      {
        to: cel("A user id or a list of them."),
        title: template("The notification's title."),
        message: template("The text."),
        link: template("Where it leads."),
      },
      ["to", "title"],
    ),
    closed({ notificationId: { type: "string" } }),
  ),
  builtin(
    "core.send-email",
    "Send e-mail",
    "messaging",
    "Sends an e-mail through the outbox (SMTP), exactly once.",
    ["external-call"],
    closed(
      {
        to: cel("An address or a list of them."),
        cc: cel("Addresses in copy."),
        subject: template("The subject."),
        body: template("The text."),
      },
      ["to", "subject", "body"],
    ),
    closed({ messageId: { type: "string" } }),
  ),
  builtin(
    "core.http",
    "HTTP call",
    "integration",
    "Calls an external HTTP API through the outbox, with timeouts and retries.",
    ["external-call"],
    closed(
      {
        method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE"], default: "POST" },
        url: template("The address, e.g. https://erp.example.com/orders."),
        headers: { type: "object", additionalProperties: template("A header value.") },
        body: cel("The JSON body."),
        timeout: duration("Give up after this long; default 10s."),
      },
      ["url"],
    ),
    closed({ status: { type: "integer" }, body: {} }),
  ),
];

/** Looks a built-in component up by id. */
export function builtinComponent(id: string): Component | undefined {
  return BUILTIN_COMPONENTS.find((c) => c.id === id);
}
