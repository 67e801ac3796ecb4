import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningServer } from "../../server/src/main.js";
import { main } from "../src/index.js";

/** Runs the CLI in-process in `cwd`, capturing what it prints and its exit code. */
export async function runCli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
  });
  return { code, stdout, stderr };
}

/** A temporary folder holding the given files. */
export function tempProject(files: Record<string, string>, prefix = "switchyard-cli-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** An API token for a seeded demo user of `server`: signs in, then creates the token. */
export async function tokenFor(server: RunningServer, username: string): Promise<string> {
  const password = server.seeded?.users.find((u) => u.username === username)?.password;
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login failed for ${username}: ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${server.url}/api/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ name: "cli tests" }),
  });
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`token creation failed: ${created.status}`);
  return ((await created.json()) as { token: string }).token;
}
