import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.js";

const run = (args: string[], cwd: string) => runCli(args, cwd);

const project = {
  "lead.entity.yaml":
    "kind: entity\nid: lead\nlabel: Lead\nschema:\n  type: object\n  required: [name]\n  properties:\n    name: { type: string }\n    amount: { type: number }\n",
  "route.workflow.yaml": `kind: workflow
id: route
name: Route
owner: ops@acme.example
region: east
entity: lead
triggers:
  - { type: event, event: lead.received }
start: check
steps:
  - id: check
    component: core.switch
    next:
      - { to: save, when: "record.amount > 100.0" }
      - { to: skip }
  - id: save
    component: core.create-record
    config: { entity: lead, values: { name: "record.name" } }
    next: [{ to: mail }]
  - id: mail
    component: core.send-email
    config: { to: "'sales@acme.example'", subject: "Lead {{ record.name }}", body: "Hi" }
  - id: skip
    component: core.set
    config: { fields: { skipped: "true" } }
`,
};

function tempProject(events: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-run-"));
  for (const [name, text] of Object.entries(project)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, "events.jsonl"), events);
  return dir;
}

describe("switchyard run / runs", () => {
  it("runs events through a workflow and prints each run's steps and effects", async () => {
    const dir = tempProject(
      '{"type": "lead.received", "id": "e1", "payload": {"name": "Acme", "amount": 500}}\n{"name": "Tiny", "amount": 5}\n',
    );
    const result = await run(
      ["run", "route.workflow.yaml", "--events", "events.jsonl", "--db", "store.db"],
      dir,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^e1 → run_\w+ route@1 completed\n {2}steps: check → save → mail\n {2}effect: record-create lead\/\S+\n {2}effect: email sales@acme\.example$/m,
    );
    expect(result.stdout).toMatch(/steps: check → skip/);
    const again = await run(
      ["run", "route.workflow.yaml", "--events", "events.jsonl", "--db", "store.db", "--json"],
      dir,
    );
    const outcomes = JSON.parse(again.stdout);
    expect(outcomes[0].status).toBe("completed (duplicate event ignored)");
    const history = await run(["runs", "--db", "store.db"], dir);
    expect(history.stdout).toMatch(/3 runs\n$/);
    const runId = outcomes[0].run;
    const timeline = await run(["runs", runId, "--db", "store.db"], dir);
    expect(timeline.stdout).toMatch(/check completed/);
    expect(timeline.stdout).toMatch(/why: .*"taken":\["save"\]/);
  });

  it("reports a failed run with its error and exits 1", async () => {
    const dir = tempProject('{"name": 42, "amount": 500}\n');
    const result = await run(
      ["run", "route.workflow.yaml", "--events", "events.jsonl", "--db", "store.db"],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /failed\n {2}steps: check → save\(failed\)\n {2}error: record\/invalid The lead record does not fit its schema: name must be string/,
    );
  });

  it("gives usage errors for a missing events file or a bad line", async () => {
    const dir = tempProject('{"name": "A"}\n{oops\n');
    expect((await run(["run", "route.workflow.yaml"], dir)).code).toBe(2);
    const bad = await run(
      ["run", "route.workflow.yaml", "--events", "events.jsonl", "--db", "store.db"],
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("events.jsonl:2: this line is not JSON.");
  });

  it("refuses to run an invalid project and shows why", async () => {
    const dir = tempProject('{"name": "A"}\n');
    writeFileSync(
      path.join(dir, "route.workflow.yaml"),
      project["route.workflow.yaml"].replace("to: skip }", "to: skp }"),
    );
    const result = await run(
      ["run", "route.workflow.yaml", "--events", "events.jsonl", "--db", "store.db"],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("graph/unknown-step");
    expect(result.stdout).toContain("nothing was run");
  });
});
