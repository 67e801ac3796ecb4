import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ProjectReport, validateSources } from "../project/index.js";
import type { ComplianceFinding, Justification } from "./finding.js";
import { scanCompliance } from "./scan.js";

const ENTITY = `
kind: entity
id: t.lead
label: { en: Lead }
owner: ops@acme.example
schema:
  type: object
  properties:
    name: { type: string, x-pii: personal }
    email: { type: string, format: email, x-pii: contact, x-consent: marketing }
    gender: { type: string, enum: [female, male, undisclosed], x-sensitive: gender }
    region: { type: string, enum: [east, south], x-sensitive: region }
    budget: { type: number }
    marketing_consent: { type: boolean }
`;

/** An entity without consent marks: its e-mail is contact data nobody asked consent for. */
const PLAIN_ENTITY = ENTITY.replace(", x-consent: marketing", "").replace(
  "    marketing_consent: { type: boolean }\n",
  "",
);

const HEAD = `
kind: workflow
id: t.flow
name: Flow
owner: ops@acme.example
region: global
entity: t.lead
triggers: [{ type: event, event: lead.received }]
start: first
steps:
`;

const scoreStep = (when: string) => `
  - id: first
    component: core.score
    config:
      base: 0
      rules:
        - { id: r1, when: "${when}", weight: 10 }
`;

const emailStep = (id: string) => `
  - id: ${id}
    component: core.send-email
    config:
      to: record.email
      subject: Hello
      body: "Hello {{ record.name }}"
`;

function project(workflow: string, entity = ENTITY): ProjectReport {
  const report = validateSources([
    { path: "lead.entity.yaml", text: entity },
    { path: "flow.workflow.yaml", text: HEAD + workflow },
  ]);
  expect(report.diagnostics).toEqual([]);
  return report;
}

const brief = (f: ComplianceFinding) => ({
  code: f.code,
  severity: f.severity,
  step: f.step,
  field: f.field,
  reason: f.reason,
});

describe("sensitive attributes in decisions", () => {
  it("blocks a scoring rule that reads gender (scenario 10)", () => {
    const findings = scanCompliance(project(scoreStep("record.gender == 'female'")));
    expect(findings.map(brief)).toEqual([
      {
        code: "compliance/sensitive-decision",
        severity: "blocked",
        step: "first",
        field: "t.lead.gender",
        reason: "gender",
      },
    ]);
    expect(findings[0]).toMatchObject({
      file: "flow.workflow.yaml",
      at: ["steps", 0, "config", "rules", 0, "when"],
      // Line 17 holds the rule; `record` starts after `        - { id: r1, when: "`.
      location: { file: "flow.workflow.yaml", line: 17, column: 28 },
    });
  });

  it("downgrades the finding to justified with a recorded justification", () => {
    const justification: Justification = {
      workflow: "t.flow",
      step: "first",
      field: "t.lead.gender",
      reason: "Regulated product with a gender-specific tariff.",
      by: "legal@acme.example",
    };
    const [finding] = scanCompliance(project(scoreStep("record.gender == 'female'")), {
      justifications: [justification],
    });
    expect(finding).toMatchObject({
      severity: "justified",
      justification: { reason: justification.reason, by: justification.by },
    });
  });

  it("does not apply a justification given for another step", () => {
    const [finding] = scanCompliance(project(scoreStep("record.gender == 'female'")), {
      justifications: [{ workflow: "t.flow", step: "other", field: "t.lead.gender", reason: "x", by: "y" }],
    });
    expect(finding?.severity).toBe("blocked");
  });

  it("blocks an assignment rule that reads region, once per expression", () => {
    const findings = scanCompliance(
      project(`
  - id: first
    component: core.assign
    config:
      strategy: rules
      rules:
        - { id: east, when: "record.region == 'east' || record.region == 'south'", assignee: "'a@acme.example'" }
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        code: "compliance/sensitive-decision",
        severity: "blocked",
        step: "first",
        field: "t.lead.region",
        reason: "region",
      },
    ]);
  });

  it("flags sensitive reads in edge conditions and vars, not in other steps' configs", () => {
    const findings = scanCompliance(
      project(`
  - id: first
    component: core.update-record
    config: { entity: t.lead, id: record.id, values: { name: "record.gender" } }
    next:
      - { to: east, when: "record.region == 'east'" }
      - { to: done }
  - id: east
    component: core.switch
    next: [{ to: done }]
  - id: done
    component: core.switch
vars:
  female: "record.gender == 'female'"
`),
    );
    expect(findings.map((f) => [f.step, f.field, f.at])).toEqual([
      ["first", "t.lead.region", ["steps", 0, "next", 0, "when"]],
      [undefined, "t.lead.gender", ["vars", "female"]],
    ]);
  });

  it("leaves a score on non-sensitive fields alone", () => {
    expect(scanCompliance(project(scoreStep("record.budget > 1000.0")))).toEqual([]);
  });
});

describe("consent for customer-facing e-mails", () => {
  it("blocks a marketing e-mail to record.email with no consent check", () => {
    const findings = scanCompliance(project(emailStep("first")));
    expect(findings.map(brief)).toEqual([
      {
        code: "compliance/missing-consent",
        severity: "blocked",
        step: "first",
        field: "t.lead.email",
        reason: "marketing",
      },
    ]);
    expect(findings[0]?.at).toEqual(["steps", 0, "config", "to"]);
  });

  it("accepts the e-mail when the edge into it checks the consent", () => {
    const workflow = `
  - id: first
    component: core.switch
    next:
      - { to: mail, when: record.marketing_consent }
      - { to: done }
  - id: done
    component: core.switch
${emailStep("mail")}`;
    expect(scanCompliance(project(workflow))).toEqual([]);
  });

  it("blocks the e-mail when another path reaches it without the check", () => {
    const workflow = `
  - id: first
    component: core.switch
    next:
      - { to: mail, when: record.marketing_consent }
      - { to: other }
  - id: other
    component: core.switch
    next: [{ to: mail }]
${emailStep("mail")}`;
    expect(scanCompliance(project(workflow)).map(brief)).toEqual([
      {
        code: "compliance/missing-consent",
        severity: "blocked",
        step: "mail",
        field: "t.lead.email",
        reason: "marketing",
      },
    ]);
  });

  it("accepts the e-mail when its own recipients expression checks the consent", () => {
    const workflow = emailStep("first").replace(
      "to: record.email",
      `to: "record.marketing_consent ? record.email : ''"`,
    );
    expect(scanCompliance(project(workflow))).toEqual([]);
  });

  it("warns about an e-mail to a contact field when the entity has no consent marks", () => {
    const findings = scanCompliance(project(emailStep("first"), PLAIN_ENTITY));
    expect(findings.map(brief)).toEqual([
      {
        code: "compliance/no-consent-field",
        severity: "warning",
        step: "first",
        field: "t.lead.email",
        reason: "marketing",
      },
    ]);
  });
});

describe("consent for marketing components", () => {
  const component = (category: string) => `
kind: component
id: t.campaign
version: 1.0.0
name: Campaign
owner: ops@acme.example
category: ${category}
input:
  type: object
  required: [address]
  properties:
    address: { type: string }
effects: [external-call]
implementation:
  type: script
  language: javascript
  source: |
    export function run(input) {
      return {};
    }
`;
  const scan = (category: string) => {
    const report = validateSources([
      { path: "lead.entity.yaml", text: ENTITY },
      { path: "campaign.component.yaml", text: component(category) },
      {
        path: "flow.workflow.yaml",
        text: `${HEAD}
  - id: first
    component: t.campaign
    inputs: { address: record.email }
`,
      },
    ]);
    expect(report.diagnostics).toEqual([]);
    return scanCompliance(report);
  };

  it("blocks a marketing component with external calls that uses e-mail without consent", () => {
    expect(scan("marketing").map((f) => [f.code, f.step, f.field])).toEqual([
      ["compliance/missing-consent", "first", "t.lead.email"],
    ]);
  });

  it("does not treat components of other categories as customer-facing", () => {
    expect(scan("integrations")).toEqual([]);
  });
});

describe("examples/lead-capture", () => {
  const folder = path.resolve(import.meta.dirname, "../../../../examples/lead-capture");
  const sources = readdirSync(folder)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => ({ path: name, text: readFileSync(path.join(folder, name), "utf8") }));

  it("passes the consent gate and lists the region-based routing for review", () => {
    const report = validateSources(sources);
    expect(report.diagnostics).toEqual([]);
    const findings = scanCompliance(report);
    // The score reads no sensitive field and the welcome e-mail sits behind consent_check; the
    // assignment rules east-hot, northwest and south route by region (x-sensitive) and are held.
    expect(findings.map((f) => [f.code, f.severity, f.step, f.field, f.at.join(".")])).toEqual(
      [0, 1, 2].map((i) => [
        "compliance/sensitive-decision",
        "blocked",
        "route",
        "lead-capture.lead.region",
        `steps.6.config.rules.${i}.when`,
      ]),
    );
    expect(findings.map((f) => f.location.line)).toEqual([163, 166, 169]);
  });

  it("releases the routing once a justification for it is recorded", () => {
    const justifications = [
      {
        workflow: "lead-capture.intake",
        step: "route",
        field: "lead-capture.lead.region",
        reason: "Sales territories are regional.",
        by: "sales-director@acme.example",
      },
    ];
    const findings = scanCompliance(validateSources(sources), { justifications });
    expect(findings.map((f) => f.severity)).toEqual(["justified", "justified", "justified"]);
  });
});
