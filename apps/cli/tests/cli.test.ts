import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.js";

const repo = path.resolve(import.meta.dirname, "../../..");

const run = (args: string[], cwd = repo) => runCli(args, cwd);

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const entity =
  "kind: entity\nid: lead\nlabel: Lead\nschema:\n  type: object\n  properties:\n    name: { type: string }\n";

describe("switchyard validate", () => {
  it("exits 0 for the examples", async () => {
    const result = await run(["validate", "examples"]);
    expect(result.stdout).toMatch(/✓ \d+ files valid/);
    expect(result.code).toBe(0);
  });

  it("exits 1 and names file, line and column for a YAML mistake", async () => {
    const dir = tempProject({ "lead.yaml": `${entity}    label: { bad\n` });
    const result = await run(["validate", "."], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^lead\.yaml:8:12 yaml\/syntax A bracket is never closed\./m);
    expect(result.stdout).toMatch(/hint: /);
  });

  it("exits 1 and names file, line and column for a schema mistake", async () => {
    const dir = tempProject({ "lead.yaml": entity.replace("label: Lead", "lable: Lead") });
    const result = await run(["validate", "lead.yaml"], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("lead.yaml:1:1 schema/required The definition is missing 'label'.");
    expect(result.stdout).toContain(
      "lead.yaml:3:1 schema/unknown-property Unknown property 'lable' in the definition.",
    );
    expect(result.stdout).toContain("hint: Did you mean 'label'?");
  });

  it("prints machine-readable results with --json", async () => {
    const dir = tempProject({ "lead.yaml": entity.replace("type: string", "type: strng") });
    const result = await run(["validate", "--json", "."], dir);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.ok).toBe(false);
    expect(parsed.files[0].diagnostics[0]).toMatchObject({
      code: "schema/invalid",
      location: { file: "lead.yaml", line: 7 },
    });
  });

  it("reports a file that is not UTF-8 text instead of crashing", async () => {
    const dir = tempProject({});
    writeFileSync(path.join(dir, "bad.yaml"), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const result = await run(["validate", "."], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("bad.yaml:1:1 io/not-utf8");
  });

  it("exits 2 with a hint for usage errors", async () => {
    for (const args of [
      ["validate"],
      ["validate", "--colour", "examples"],
      ["validate", "no/such/folder"],
      ["frobnicate"],
      [],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
    }
    expect((await run(["validate", "no/such/folder"])).stderr).toContain("'no/such/folder' does not exist.");
  });
});

describe("switchyard format", () => {
  it("rewrites a file in canonical form, keeping comments, and --check then passes", async () => {
    const dir = tempProject({
      "lead.yaml": `# the lead\nschema:\n  type: object\n  properties: {}\nlabel: Lead # shown in lists\nid: lead\nkind: entity\n`,
    });
    expect((await run(["format", "--check", "."], dir)).code).toBe(1);
    expect((await run(["format", "."], dir)).code).toBe(0);
    const text = readFileSync(path.join(dir, "lead.yaml"), "utf8");
    expect(text).toBe(
      "# the lead\n\nkind: entity\nid: lead\nlabel: Lead # shown in lists\nschema:\n  type: object\n  properties: {}\n",
    );
    expect((await run(["format", "--check", "."], dir)).code).toBe(0);
  });
});

describe("switchyard schema", () => {
  it("prints a kind's JSON Schema", async () => {
    const result = await run(["schema", "form"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).title).toBe("Switchyard form");
  });
});

describe("the installed command", () => {
  it("runs as a process, with no stack trace for a user's mistake", async () => {
    const bin = path.join(repo, "apps/cli/bin/switchyard.js");
    const dir = tempProject({ "x.yaml": "kind: [" });
    const result = await promisify(execFile)(process.execPath, [bin, "validate", "x.yaml"], {
      cwd: dir,
    }).catch((e) => e);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^x\.yaml:1:\d+ yaml\/syntax/m);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
  });
});
