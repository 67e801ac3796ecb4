// The benchmark's peers: installed on first use into scripts/bench/peers (never into the
// workspaces), and Node-RED started as a child process with an equivalent flow.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PEERS = path.join(HERE, "peers");

/** Installs autocannon and Node-RED into scripts/bench/peers when missing; an error string if that fails. */
export function ensurePeers() {
  if (existsSync(path.join(PEERS, "node_modules", "autocannon"))) return undefined;
  console.log("installing the benchmark's peers into scripts/bench/peers (once) …");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const answer = spawnSync(npm, ["install", "--prefix", PEERS, "--no-audit", "--no-fund"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return answer.status === 0
    ? undefined
    : `npm install in scripts/bench/peers failed (exit ${answer.status})`;
}

/**
 * "HTTP in → condition → set field → respond": POST /bench, a switch on the event's amount, a
 * change node setting `priority` on each branch, and an HTTP response (202). No storage node.
 */
export function nodeRedFlow() {
  const tab = "bench-tab";
  const node = (id, type, wires, extra) => ({ id, type, z: tab, wires, x: 0, y: 0, ...extra });
  const setPriority = (value) => ({
    rules: [{ t: "set", p: "payload.priority", pt: "msg", to: value, tot: "str" }],
  });
  return [
    { id: tab, type: "tab", label: "bench" },
    node("in", "http in", [["cond"]], { url: "/bench", method: "post", upload: false }),
    node("cond", "switch", [["high"], ["normal"]], {
      property: "payload.payload.amount",
      propertyType: "msg",
      rules: [{ t: "gt", v: "500", vt: "num" }, { t: "else" }],
      checkall: "false",
      outputs: 2,
    }),
    node("high", "change", [["out"]], setPriority("high")),
    node("normal", "change", [["out"]], setPriority("normal")),
    node("out", "http response", [], { statusCode: "202", headers: {} }),
  ];
}

const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

/**
 * Starts Node-RED 4 on 127.0.0.1 with the flow above, editor and admin API off.
 * Resolves to `{ url, close }`, or `{ skipped }` with the reason when it cannot start.
 */
export async function startNodeRed() {
  const red = path.join(PEERS, "node_modules", "node-red", "red.js");
  if (!existsSync(red)) return { skipped: "Node-RED is not installed in scripts/bench/peers" };
  const userDir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-node-red-"));
  const port = freePort();
  writeFileSync(path.join(userDir, "flows.json"), JSON.stringify(nodeRedFlow()));
  const settings = {
    uiHost: "127.0.0.1",
    uiPort: port,
    userDir,
    flowFile: "flows.json",
    httpAdminRoot: false,
    credentialSecret: false,
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    logging: { console: { level: "error", metrics: false, audit: false } },
  };
  writeFileSync(path.join(userDir, "settings.js"), `module.exports = ${JSON.stringify(settings)};\n`);
  const child = spawn(process.execPath, [red, "--settings", path.join(userDir, "settings.js")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const close = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(userDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/bench`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const answer = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "bench.ping", payload: { amount: 750 } }),
      });
      const body = await answer.json();
      if (answer.status === 202 && body.priority === "high") return { url, close };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await close();
  return { skipped: `Node-RED did not start: ${stderr.trim().slice(-300) || "no answer within 60 s"}` };
}
