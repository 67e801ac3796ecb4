/** The five-step workflow (event → condition → set fields → record write → notify) used by the crash test and the benchmark. */
export const FIVE_STEP_PROJECT = {
  "lead.entity.yaml": `kind: entity
id: lead
label: Lead
schema:
  type: object
  required: [name]
  properties:
    name: { type: string, x-core: true }
    amount: { type: number }
    tier: { type: string }
`,
  "intake.workflow.yaml": `kind: workflow
id: intake
name: Lead intake
owner: ops@acme.example
region: east
entity: lead
triggers:
  - type: event
    event: lead.received
start: check
steps:
  - id: check
    component: core.switch
    next:
      - { to: classify, when: "record.amount >= 0.0" }
      - { to: reject }
  - id: reject
    component: core.set
    config: { fields: { reason: "'negative amount'" } }
  - id: classify
    component: core.set
    config: { fields: { tier: "record.amount > 500.0 ? 'key' : 'standard'" } }
    next: [{ to: save }]
  - id: save
    component: core.create-record
    config: { entity: lead, values: { name: "record.name", amount: "record.amount", tier: "steps.classify.output.tier" } }
    next: [{ to: tell }]
  - id: tell
    component: core.notify
    config: { to: "'owner@acme.example'", title: "New {{ steps.classify.output.tier }} lead {{ record.name }}" }
    next: [{ to: mail }]
  - id: mail
    component: core.send-email
    config: { to: "'sales@acme.example'", subject: "Lead {{ record.name }}", body: "Tier {{ steps.classify.output.tier }}" }
`,
};
