import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../server/src/config.js";
import { type RunningServer, startServer } from "../../server/src/main.js";
import { runCli, tokenFor } from "./cli-harness.js";

const run = (args: string[], cwd = tmpdir()) => runCli(args, cwd);

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-remote-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Signs in as a seeded user and creates an API token with the session cookie and CSRF token. */
/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

const entity =
  "kind: entity\nid: lead\nlabel: Lead\nschema:\n  type: object\n  properties:\n    name: { type: string }\n";

let server: RunningServer;
let token: string;
let remote: string[];

beforeAll(async () => {
  // No ambient server settings: each test says where it talks to.
  vi.stubEnv("SWITCHYARD_SERVER", "");
  vi.stubEnv("SWITCHYARD_TOKEN", "");
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-remote-data-"));
  server = await startServer(readConfig({ SWITCHYARD_DATA: dataDir, PORT: "0" }), pino({ level: "silent" }));
  token = await tokenFor(server, "li.east");
  remote = ["--server", server.url, "--token", token];
  // The seeded events start runs moments after the first start; wait until li.east can see some.
  for (let i = 0; i < 40; i++) {
    const answer = await fetch(`${server.url}/api/runs`, { headers: { authorization: `Bearer ${token}` } });
    if (((await answer.json()) as { runs: unknown[] }).runs.length > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

afterEach(() => {
  vi.stubEnv("SWITCHYARD_SERVER", "");
  vi.stubEnv("SWITCHYARD_TOKEN", "");
});

describe("switchyard runs --server", () => {
  it("lists the server's runs in the local format", async () => {
    const api = (await (
      await fetch(`${server.url}/api/runs`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { runs: { id: string; workflowId: string; version: number; status: string }[] };
    const result = await run(["runs", ...remote]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(`${api.runs.length} run${api.runs.length === 1 ? "" : "s"}`);
    const first = api.runs[0];
    expect(first).toBeDefined();
    expect(lines[0]).toMatch(
      new RegExp(
        `^${first?.id} ${first?.workflowId}@${first?.version} ${first?.status} \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
  });

  it("passes --workflow and --limit to the server", async () => {
    const all = JSON.parse((await run(["runs", "--json", ...remote])).stdout) as { workflowId: string }[];
    const workflow = all[0]?.workflowId ?? "missing";
    const result = await run(["runs", "--workflow", workflow, "--limit", "1", "--json", ...remote]);
    const runs = JSON.parse(result.stdout) as { workflowId: string }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]?.workflowId).toBe(workflow);
  });

  it("prints one run's timeline, and --json gives the API's run and timeline", async () => {
    const [first] = JSON.parse((await run(["runs", "--json", ...remote])).stdout) as { id: string }[];
    const id = first?.id ?? "missing";
    const result = await run(["runs", id, ...remote]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`${id} `)).toBe(true);
    expect(result.stdout).toMatch(/^ {2}\d{4}-\d\d-\d\dT\S+ \S+ \w+ \(\d+ ms\)$/m);
    const json = JSON.parse((await run(["runs", id, "--json", ...remote])).stdout);
    expect(json.run.id).toBe(id);
    expect(Array.isArray(json.timeline)).toBe(true);
  });

  it("exits 2 for a run the server does not have", async () => {
    const result = await run(["runs", "run_nope", ...remote]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`There is no run 'run_nope' on the server at ${server.url}.`);
  });

  it("reads SWITCHYARD_SERVER and SWITCHYARD_TOKEN, and --db still picks the local store", async () => {
    vi.stubEnv("SWITCHYARD_SERVER", server.url);
    vi.stubEnv("SWITCHYARD_TOKEN", token);
    const fromEnv = await run(["runs"]);
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/^run_/);
    const dir = tempProject({});
    const local = await run(["runs", "--db", "store.db"], dir);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe("0 runs\n");
  });
});

describe("switchyard send", () => {
  it("sends each event, then reports duplicates on a second send", async () => {
    const dir = tempProject({
      "events.jsonl":
        '{"type": "cli.test", "id": "cli-e1", "payload": {"name": "Acme"}}\n\n{"type": "cli.test", "id": "cli-e2", "payload": null}\n',
    });
    const first = await run(["send", "--events", "events.jsonl", ...remote], dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      "cli-e1 accepted\ncli-e2 accepted\n2 events: 2 accepted, 0 duplicate, 0 refused.\n",
    );
    const second = await run(["send", "--events", "events.jsonl", ...remote], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      "cli-e1 duplicate\ncli-e2 duplicate\n2 events: 0 accepted, 2 duplicate, 0 refused.\n",
    );
  });

  it("gives lines that are just a payload the --type, and needs it", async () => {
    const dir = tempProject({ "events.jsonl": '{"name": "Acme"}\n' });
    const typed = await run(["send", "--events", "events.jsonl", "--type", "cli.test", ...remote], dir);
    expect(typed.code).toBe(0);
    expect(typed.stdout).toMatch(/^\S+ accepted\n1 event: 1 accepted/);
    const untyped = await run(["send", "--events", "events.jsonl", ...remote], dir);
    expect(untyped.code).toBe(2);
    expect(untyped.stderr).toContain('events.jsonl:1: the event has no "type", and no --type was given.');
  });

  it("exits 2 for a line that is not JSON, before sending anything", async () => {
    const dir = tempProject({
      "events.jsonl": '{"type": "cli.test", "id": "cli-e9", "payload": {}}\n{oops\n',
    });
    const result = await run(["send", "--events", "events.jsonl", ...remote], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("events.jsonl:2: this line is not JSON.");
    writeFileSync(path.join(dir, "fixed.jsonl"), '{"type": "cli.test", "id": "cli-e9", "payload": {}}\n');
    const fixed = await run(["send", "--events", "fixed.jsonl", ...remote], dir);
    expect(fixed.stdout).toMatch(/^cli-e9 accepted$/m);
  });

  it("reports an event the server refuses with its line, goes on, and exits 1", async () => {
    const dir = tempProject({
      "events.jsonl":
        '{"type": "Not A Type", "payload": {}}\n{"type": "cli.test", "id": "cli-e3", "payload": {}}\n',
    });
    const result = await run(["send", "--events", "events.jsonl", ...remote], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^events\.jsonl:1 refused \(400 invalid-request\): .*type must match/m);
    expect(result.stdout).toMatch(/^ {2}hint: \S/m);
    expect(result.stdout).toContain("cli-e3 accepted\n2 events: 1 accepted, 0 duplicate, 1 refused.\n");
  });

  it("prints the server's message when the caller may not send events (403)", async () => {
    const guest = await tokenFor(server, "guest");
    const dir = tempProject({ "events.jsonl": '{"type": "cli.test", "payload": {}}\n' });
    const result = await run(
      ["send", "--events", "events.jsonl", "--server", server.url, "--token", guest],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "switchyard: The server refused (403 forbidden): This needs the permission 'events:ingest'",
    );
    expect(result.stderr).toContain("hint: ");
  });

  it("needs a server", async () => {
    const dir = tempProject({ "events.jsonl": '{"type": "cli.test", "payload": {}}\n' });
    const result = await run(["send", "--events", "events.jsonl"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("give --server URL and --token T");
  });
});

describe("switchyard validate --server", () => {
  it("exits 0 for a valid file, printing what local validation prints", async () => {
    const dir = tempProject({ "lead.yaml": entity });
    const result = await run(["validate", ".", ...remote], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("✓ 1 file valid (1 definitions).\n");
  });

  it("exits 1 and prints the server's diagnostics as file:line:col CODE message and hint", async () => {
    const dir = tempProject({
      "lead.yaml": `${entity}    label: { bad\n`,
      "other.yaml": entity.replace("label: Lead", "lable: Lead").replace("id: lead", "id: other"),
    });
    const result = await run(["validate", ".", ...remote], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^lead\.yaml:8:12 yaml\/syntax A bracket is never closed\.\n {2}hint: /m);
    expect(result.stdout).toContain(
      "other.yaml:3:1 schema/unknown-property Unknown property 'lable' in the definition.",
    );
    expect(result.stdout).toBe((await run(["validate", "."], dir)).stdout);
  });
});

describe("talking to a server: failures", () => {
  it("exits 2 with how to create a token when the server refuses the token", async () => {
    const result = await run(["runs", "--server", server.url, "--token", "sy_not-a-real-token"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^switchyard: The server did not accept the token \(401 invalid-token\): The API token is not valid/,
    );
    expect(result.stderr).toContain("POST /api/auth/tokens");
    expect(result.stderr).not.toContain("sy_not-a-real-token");
  });

  it("exits 2 when the server cannot be reached, without a stack trace", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(["runs", "--server", url, "--token", token]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `switchyard: Cannot reach the server at ${url}: nothing is listening there.\n  hint: Check --server (or SWITCHYARD_SERVER) and that the server is running.\n`,
    );
  });

  it("exits 2 with how to get a token for --server without one", async () => {
    const result = await run(["runs", "--server", server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--server needs an API token");
    expect(result.stderr).toContain("POST /api/auth/tokens");
  });

  it("exits 2 for a --server that is not a URL, or a --token without a server", async () => {
    expect((await run(["runs", "--server", "localhost:3000", "--token", token])).code).toBe(2);
    expect((await run(["runs", "--token", token])).code).toBe(2);
    expect((await run(["runs", "--db", "x.db", ...remote])).code).toBe(2);
  });
});
