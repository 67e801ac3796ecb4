import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseSource } from "@switchyard/definitions";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../server/src/config.js";
import { type RunningServer, startServer } from "../../server/src/main.js";
import { runCli, tempProject, tokenFor } from "./cli-harness.js";

// `switchyard export` against a real, freshly seeded server.

/** The `kind/id` of each definition a bundle file carries inline. */
function inline(text: string): string[] {
  const bundle = parseSource(text, "x.bundle.yaml").document?.value as {
    definitions: { kind: string; id: string }[];
  };
  return bundle.definitions.map((d) => `${d.kind}/${d.id}`);
}

let server: RunningServer;
let admin: string[];
let owner: string[];
let dir: string;

beforeAll(async () => {
  vi.stubEnv("SWITCHYARD_SERVER", "");
  vi.stubEnv("SWITCHYARD_TOKEN", "");
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-export-data-"));
  server = await startServer(readConfig({ SWITCHYARD_DATA: dataDir, PORT: "0" }), pino({ level: "silent" }));
  admin = ["--server", server.url, "--token", await tokenFor(server, "admin")];
  owner = ["--server", server.url, "--token", await tokenFor(server, "li.east")];
  dir = tempProject({}, "switchyard-export-");
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe("switchyard export", () => {
  it("writes the tenant's configuration to --out; the file validates and matches what stdout gets", async () => {
    const { code, stdout, stderr } = await runCli(["export", "--out", "all.bundle.yaml", ...admin], dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const text = readFileSync(path.join(dir, "all.bundle.yaml"), "utf8");
    const definitions = inline(text);
    expect(definitions.length).toBeGreaterThan(3);
    expect(definitions).toEqual(expect.arrayContaining([expect.stringMatching(/^workflow\//)]));
    expect(stdout).toBe(`wrote all.bundle.yaml (${definitions.length} definitions)\n`);

    const validated = await runCli(["validate", "all.bundle.yaml"], dir);
    expect(validated.stderr).toBe("");
    expect(validated.code).toBe(0);

    const printed = await runCli(["export", ...admin], dir);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(text);
  });

  it("--only selects definitions (comma-separated or repeated); --id, --name and --version name the bundle", async () => {
    const all = inline((await runCli(["export", ...admin], dir)).stdout);
    const [entity, workflow] = [
      all.find((d) => d.startsWith("entity/")),
      all.find((d) => d.startsWith("workflow/")),
    ];
    expect(entity && workflow).toBeTruthy();
    const { code, stdout, stderr } = await runCli(
      [
        "export",
        "--only",
        `${String(workflow)},${String(entity)}`,
        "--id",
        "acme.kit",
        "--name",
        "Kit",
        "--version",
        "2.0.0",
        "--out",
        "two.bundle.yaml",
        ...admin,
      ],
      dir,
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe("wrote two.bundle.yaml (2 definitions)\n");
    const text = readFileSync(path.join(dir, "two.bundle.yaml"), "utf8");
    expect(text).toMatch(/^kind: bundle\nid: acme\.kit\nname: Kit\nversion: 2\.0\.0\n/);
    expect(inline(text)).toEqual([entity, workflow]);

    const one = await runCli(["export", "--only", String(entity), "--out", "one.bundle.yaml", ...admin], dir);
    expect(one.stdout).toBe("wrote one.bundle.yaml (1 definition)\n");
    const repeated = await runCli(
      ["export", "--only", String(entity), "--only", String(workflow), ...admin],
      dir,
    );
    expect(inline(repeated.stdout)).toEqual([entity, workflow]);
  });

  it("exits 1 with the server's refusal for a caller who is not an IT admin", async () => {
    const { code, stderr } = await runCli(["export", ...owner], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("403");
  });

  it.each([
    [["stray"], "takes no arguments"],
    [["--only", "lead"], "is not kind/id"],
    [["--only", "record/lead"], "is not a kind an export holds"],
    [["--only", ","], "names no definitions"],
    [["--format", "json"], "Unknown option"],
  ])("exits 2 for a usage mistake: %j", async (args, message) => {
    const { code, stderr } = await runCli(["export", ...args, ...admin], dir);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("exits 2 without a server", async () => {
    const { code, stderr } = await runCli(["export"], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("'export' acts on a server");
  });
});
