import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../server/src/config.js";
import { type RunningServer, startServer } from "../../server/src/main.js";
import { runCli, tempProject, tokenFor } from "./cli-harness.js";

// The governance commands against a real, freshly seeded server (whitelist enforced).

const ENTITY = `kind: entity
id: clitest.contact
label: Contact
schema:
  type: object
  properties:
    name: { type: string }
`;

const WORKFLOW = `kind: workflow
id: clitest.greet
name: Greet
owner: ops@acme.example
region: east
entity: clitest.contact
triggers:
  - type: event
    event: clitest.contact.created
start: tag
steps:
  - id: tag
    component: core.set
    config: { fields: { greeted: "true" } }
`;

const COMPONENT = `kind: component
id: clitest.double
version: 1.0.0
name: Double
owner: it@acme.example
category: decisions
config: { type: object }
input:
  type: object
  properties:
    n: { type: number }
output:
  type: object
  properties:
    n: { type: number }
effects: [none]
implementation:
  type: script
  language: javascript
  limits: { memoryMiB: 16, timeoutMs: 200 }
  source: |
    export function run(input) {
      return { n: input.n * 2 };
    }
`;

const USES_COMPONENT = `kind: workflow
id: clitest.doubler
name: Doubler
owner: ops@acme.example
region: east
entity: clitest.contact
triggers:
  - type: event
    event: clitest.contact.created
start: twice
steps:
  - id: twice
    component: clitest.double
    inputs: { n: "1" }
`;

let server: RunningServer;
let owner: string[];
let admin: string[];
let project: string;

beforeAll(async () => {
  vi.stubEnv("SWITCHYARD_SERVER", "");
  vi.stubEnv("SWITCHYARD_TOKEN", "");
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-governance-data-"));
  server = await startServer(readConfig({ SWITCHYARD_DATA: dataDir, PORT: "0" }), pino({ level: "silent" }));
  owner = ["--server", server.url, "--token", await tokenFor(server, "li.east")];
  admin = ["--server", server.url, "--token", await tokenFor(server, "admin")];
  project = tempProject({
    "contact.entity.yaml": ENTITY,
    "greet.workflow.yaml": WORKFLOW,
    "double.component.yaml": COMPONENT,
  });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe("switchyard publish", () => {
  it("publishes the entity live and the workflow into shadow", async () => {
    const result = await runCli(["publish", "contact.entity.yaml", "greet.workflow.yaml", ...owner], project);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("published entity/clitest.contact@1 (live)");
    expect(result.stdout).toContain("published workflow/clitest.greet@1 (shadow)");
  });

  it("exits 1 for a component IT has not approved, naming file:line:column, code and hint", async () => {
    const dir = tempProject({ "doubler.workflow.yaml": USES_COMPONENT, "double.component.yaml": COMPONENT });
    const result = await runCli(["publish", ".", ...owner], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("doubler.workflow.yaml:13:16 publish/component-not-whitelisted");
    expect(result.stderr).toContain("422 publish/not-whitelisted");
    expect(result.stderr).toContain("hint:");
    expect(result.stderr).not.toMatch(/\bat \w+ \(/);
  });

  it("is a usage error (exit 2) without a server", async () => {
    const result = await runCli(["publish", "greet.workflow.yaml"], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--server");
  });
});

describe("switchyard shadow report and promote", () => {
  it("prints the shadow report with its gates, and the API's JSON with --json", async () => {
    const text = await runCli(["shadow", "report", "clitest.greet", ...owner], project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Gates of clitest.greet@1 (shadow):");
    expect(text.stdout).toMatch(/✗ approval: /);
    const json = await runCli(["shadow", "report", "clitest.greet", "--json", ...owner], project);
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout) as { version: number; promotable: boolean; gates: unknown[] };
    expect(status).toMatchObject({ version: 1, promotable: false });
    expect(status.gates.length).toBeGreaterThan(0);
  });

  it("refuses a promotion whose gates fail: lists them and exits 1", async () => {
    const result = await runCli(["promote", "clitest.greet", ...owner], project);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ min-duration: needs at least 72\.0h in shadow/);
    expect(result.stderr).toContain("409 lifecycle/gates-failed");
    expect(result.stderr).toContain("hint:");
  });
});

describe("switchyard whitelist", () => {
  it("adds a custom component from its file, and lists it", async () => {
    const add = await runCli(
      [
        "whitelist",
        "add",
        "clitest.double@1.0.0",
        "--owner",
        "it",
        "--quota",
        "30",
        "--file",
        "double.component.yaml",
        ...admin,
      ],
      project,
    );
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    const list = await runCli(["whitelist", "list", ...owner], project);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("clitest.double@1.0.0 owner=it quota=30/min added by admin");
    expect(list.stdout).toMatch(/^core\.set@\S+ owner=platform/m);
  });

  it("refuses a process owner (exit 1) and a malformed reference (exit 2)", async () => {
    const refused = await runCli(["whitelist", "add", "core.set@1.0.0", "--owner", "it", ...owner], project);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("components:whitelist");
    const usage = await runCli(["whitelist", "add", "core.set", "--owner", "it", ...admin], project);
    expect(usage.code).toBe(2);
  });
});

describe("switchyard diff and lineage", () => {
  // Version 2 of clitest.greet: its step now writes the contact's name instead of setting a field.
  const changed = WORKFLOW.replace(
    'component: core.set\n    config: { fields: { greeted: "true" } }',
    "component: core.update-record\n    config: { entity: clitest.contact, id: record.id, values: { name: \"record.name + '!'\" } }",
  );

  beforeAll(async () => {
    const dir = tempProject({ "greet.workflow.yaml": changed });
    const published = await runCli(["publish", "greet.workflow.yaml", ...owner], dir);
    expect(published.stderr).toBe("");
    expect(published.stdout).toContain("published workflow/clitest.greet@2");
  });

  it("prints one line per change between two versions, and the API's JSON with --json", async () => {
    const text = await runCli(["diff", "workflow", "clitest.greet", "1", "2", ...owner], project);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")).toContain("step 'tag': component 'core.set' → 'core.update-record'");
    const json = await runCli(["diff", "workflow", "clitest.greet", "1", "2", "--json", ...owner], project);
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout) as { from: number; to: number; summary: string[]; diff: object };
    expect(answer).toMatchObject({ kind: "workflow", id: "clitest.greet", from: 1, to: 2 });
    expect(answer.summary).toEqual(text.stdout.trimEnd().split("\n"));
    const same = await runCli(["diff", "workflow", "clitest.greet", "2", "2", ...owner], project);
    expect(same.stdout).toBe("No changes from workflow/clitest.greet@2 to @2.\n");
  });

  it("prints what each step reads and writes, and with --compare what changed; --json the API's", async () => {
    const text = await runCli(["lineage", "clitest.greet", "2", "--compare", "1", ...owner], project);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        "clitest.greet@2:",
        "  tag: reads clitest.contact.id, clitest.contact.name; writes clitest.contact.name",
        "Changes from @1:",
        "  tag reads:",
        "    + clitest.contact.id",
        "    + clitest.contact.name",
        "  tag writes:",
        "    + clitest.contact.name",
        "",
      ].join("\n"),
    );
    const json = await runCli(["lineage", "clitest.greet", "1", "--json", ...owner], project);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ workflowId: "clitest.greet", version: 1, steps: [] });
  });

  it("exits 1 with the server's code for an unknown version, and 2 for a usage error", async () => {
    const unknown = await runCli(["diff", "workflow", "clitest.greet", "1", "9", ...owner], project);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("404 unknown-version");
    expect(unknown.stderr).toContain("hint:");
    const noLineage = await runCli(["lineage", "clitest.greet", "9", ...owner], project);
    expect(noLineage.code).toBe(1);
    expect(noLineage.stderr).toContain("404 lifecycle/unknown-version");
    for (const args of [
      ["diff", "workflow", "clitest.greet", "1"],
      ["diff", "thing", "clitest.greet", "1", "2"],
      ["diff", "workflow", "clitest.greet", "0", "2"],
      ["lineage", "clitest.greet"],
      ["lineage", "clitest.greet", "two"],
      ["lineage", "clitest.greet", "2", "--compare", "0"],
      ["lineage", "clitest.greet", "2", "--since", "1"],
    ]) {
      const usage = await runCli([...args, ...owner], project);
      expect(usage.code, args.join(" ")).toBe(2);
      expect(usage.stderr, args.join(" ")).toContain("hint:");
    }
    expect((await runCli(["diff", "workflow", "clitest.greet", "1", "2"], project)).code).toBe(2);
  });
});
