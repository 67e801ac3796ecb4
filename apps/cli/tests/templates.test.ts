import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../server/src/config.js";
import { type RunningServer, startServer } from "../../server/src/main.js";
import { runCli, tempProject, tokenFor } from "./cli-harness.js";

// `switchyard templates` and `switchyard import` against a real, freshly seeded server.

const BUNDLE = `kind: bundle
id: clitest.visit-kit
name: Visit kit
version: 1.0.0
include: [visit.entity.yaml, follow-up.workflow.yaml]
`;

const ENTITY = `kind: entity
id: clitest.visit
label: Visit
schema:
  type: object
  properties:
    customer: { type: string }
`;

const WORKFLOW = `kind: workflow
id: clitest.follow-up
name: Follow up a visit
owner: ops@acme.example
region: east
entity: clitest.visit
triggers:
  - type: event
    event: clitest.visit.done
start: tag
steps:
  - id: tag
    component: core.set
    config: { fields: { followed: "true" } }
`;

let server: RunningServer;
let owner: string[];
let kit: string;

beforeAll(async () => {
  vi.stubEnv("SWITCHYARD_SERVER", "");
  vi.stubEnv("SWITCHYARD_TOKEN", "");
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-templates-data-"));
  server = await startServer(readConfig({ SWITCHYARD_DATA: dataDir, PORT: "0" }), pino({ level: "silent" }));
  owner = ["--server", server.url, "--token", await tokenFor(server, "li.east")];
  kit = tempProject({
    "visit-kit.bundle.yaml": BUNDLE,
    "visit.entity.yaml": ENTITY,
    "follow-up.workflow.yaml": WORKFLOW,
  });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe("switchyard templates", () => {
  it("lists the server's templates", async () => {
    const { code, stdout } = await runCli(["templates", ...owner], kit);
    expect(code).toBe(0);
    expect(stdout).toContain("manufacturing.trade-in-kit  Manufacturing trade-in (manufacturing, v1.0.0)");
    expect(stdout).toContain("scenarios: store-display, field-sales");
  });

  it("--json prints the API's answer", async () => {
    const { code, stdout } = await runCli(["templates", "--json", ...owner], kit);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { templates: unknown[] }).templates).toHaveLength(10);
  });
});

describe("switchyard import", () => {
  it("imports a bundle folder: the entity published, the workflow as a draft; a conflict exits 1", async () => {
    const first = await runCli(["import", ".", ...owner], kit);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("published entity/clitest.visit@1");
    expect(first.stdout).toContain("draft     workflow/clitest.follow-up");

    const again = await runCli(["import", "visit-kit.bundle.yaml", ...owner], kit);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("unchanged 2 definition(s)");

    const changed = tempProject({
      "visit-kit.bundle.yaml": BUNDLE,
      "visit.entity.yaml": ENTITY.replace("label: Visit", "label: Customer visit"),
      "follow-up.workflow.yaml": WORKFLOW,
    });
    const refused = await runCli(["import", changed, ...owner], kit);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      "visit.entity.yaml: conflict entity clitest.visit (the tenant has version 1 with different content)",
    );
    expect(refused.stderr).toContain("import/conflicts");

    const kept = await runCli(["import", changed, "--keep-existing", ...owner], kit);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("kept      entity/clitest.visit (the tenant's version)");
  });

  it("imports a template by id (the demo tenant already runs the trade-in workflow: no draft)", async () => {
    const { code, stdout, stderr } = await runCli(
      ["import", "--template", "manufacturing.trade-in-kit", ...owner],
      kit,
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/unchanged \d definition\(s\)/);
    expect(stdout).not.toContain("draft");
  });

  it("exits 1 with the server's message for a template of a region the owner may not edit", async () => {
    const { code, stderr } = await runCli(["import", "--template", "fmcg.store-display-kit", ...owner], kit);
    expect(code).toBe(1);
    expect(stderr).toContain("region 'south'");
  });

  it("exits 2 for a usage mistake: no template or path, both, or a folder without a bundle", async () => {
    expect((await runCli(["import", ...owner], kit)).code).toBe(2);
    expect((await runCli(["import", ".", "--template", "x", ...owner], kit)).code).toBe(2);
    const empty = tempProject({ "visit.entity.yaml": ENTITY });
    const none = await runCli(["import", empty, ...owner], kit);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("holds no bundle file");
  });
});
