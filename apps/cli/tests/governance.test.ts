import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../server/src/config.js";
import { type RunningServer, startServer } from "../../server/src/main.js";
import { runCli, tempProject } from "./cli-harness.js";

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

async function tokenFor(server: RunningServer, username: string): Promise<string> {
  const password = server.seeded?.users.find((u) => u.username === username)?.password;
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${server.url}/api/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ name: "cli governance tests" }),
  });
  return ((await created.json()) as { token: string }).token;
}

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
