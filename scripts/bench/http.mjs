// HTTP ingestion under autocannon (10 connections, 127.0.0.1): Switchyard's POST /api/events
// (API token, validation, durable inbox write) against a bare Express 5 endpoint doing the same
// JSON parse, and against Node-RED running "HTTP in → condition → set field → respond", all in
// the same run, interleaved so drift hits each alike. The load runs in a child process. Switchyard
// runs twice: its data directory on disk, and on tmpfs (the same server code, nothing on disk).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startServer } from "@switchyard/server";
import express from "express";
import { ensurePeers, startNodeRed } from "./peers.mjs";

const LOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), "load.mjs");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = promisify(execFile);
/** What every target receives: an event no workflow listens on, so only ingestion is measured. */
const BODY = JSON.stringify({ type: "bench.ping", payload: { name: "Acme", amount: 750, region: "east" } });

/** One autocannon load of `seconds` against `url`; throws when any request failed. */
async function load(url, headers, seconds) {
  const options = { url, method: "POST", headers: { "content-type": "application/json", ...headers } };
  const { stdout } = await run(process.execPath, [
    LOAD,
    JSON.stringify({ ...options, body: BODY, duration: seconds }),
  ]);
  const result = JSON.parse(stdout);
  if (result.non2xx || result.errors || result.timeouts)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

/** Memory-backed on Linux: a data directory here never reaches a disk. */
const TMPFS = "/dev/shm";

/**
 * Switchyard in-process on a temp data dir under `root` (the disk's temp directory unless given),
 * and an API token made the way docs/security.md says.
 */
async function startSwitchyard(root = os.tmpdir()) {
  const dataDir = mkdtempSync(path.join(root, "switchyard-bench-http-"));
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    dataDir,
    logLevel: "silent",
    smtpUrl: undefined,
    mailFrom: "bench@localhost",
    outbound: "record",
  });
  const admin = server.seeded?.users.find((u) => u.username === "admin");
  if (!admin) throw new Error("the demo tenant has no IT admin");
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: admin.username, password: admin.password }),
  });
  const { csrfToken } = await login.json();
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const created = await fetch(`${server.url}/api/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": csrfToken },
    body: JSON.stringify({ name: "bench" }),
  });
  if (!created.ok) throw new Error(`creating an API token answered ${created.status}`);
  const { token } = await created.json();
  return {
    url: `${server.url}/api/events`,
    headers: { authorization: `Bearer ${token}` },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The ceiling for an Express app on this machine: parse the JSON body, answer 202. */
async function startBareExpress() {
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  app.post("/events", (req, res) => {
    res.status(202).json({ accepted: typeof req.body.type === "string" });
  });
  const server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/events`,
    headers: {},
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const summary = (runs) => ({
  requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
  p99Ms: median(runs.map((r) => r.p99Ms)),
});

/**
 * Medians of `repeats` loads of `seconds` each per target, after a warm-up load per target.
 * Node-RED is reported as `{ skipped }` when it cannot be installed or started.
 */
export async function benchHttp({ repeats = 3, seconds = 5, warmUpSeconds = 2 } = {}) {
  const notInstalled = ensurePeers();
  if (notInstalled) return { skipped: notInstalled };
  const targets = { switchyard: await startSwitchyard() };
  if (existsSync(TMPFS)) targets.switchyardOnTmpfs = await startSwitchyard(TMPFS);
  targets.express = await startBareExpress();
  const nodeRed = await startNodeRed();
  if (!nodeRed.skipped) targets.nodeRed = { ...nodeRed, headers: {} };
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  try {
    for (const target of Object.values(targets)) await load(target.url, target.headers, warmUpSeconds);
    for (let i = 0; i < repeats; i++)
      for (const [name, target] of Object.entries(targets))
        runs[name].push(await load(target.url, target.headers, seconds));
  } finally {
    for (const target of Object.values(targets)) await target.close();
  }
  const switchyard = summary(runs.switchyard);
  const onTmpfs = runs.switchyardOnTmpfs ? summary(runs.switchyardOnTmpfs) : { skipped: `no ${TMPFS}` };
  const bare = summary(runs.express);
  const red = nodeRed.skipped ? { skipped: nodeRed.skipped } : summary(runs.nodeRed);
  const ratio = (a, b) =>
    a.skipped || b.skipped ? null : Number((a.requestsPerSecond / b.requestsPerSecond).toFixed(3));
  return {
    connections: 10,
    secondsPerRun: seconds,
    repeats,
    switchyard: {
      ...switchyard,
      persists:
        "every event in the SQLite inbox (WAL, synchronous=NORMAL, on disk), committed before the 202: survives a crash of the process; after a power loss the last commits may be missing",
    },
    switchyardOnTmpfs: onTmpfs.skipped
      ? onTmpfs
      : {
          ...onTmpfs,
          persists:
            "the same commits, to a file in memory (tmpfs): survives a crash of the process, lost on reboot or power loss",
        },
    bareExpress: bare,
    switchyardVsBareExpress: ratio(switchyard, bare),
    switchyardOnTmpfsVsBareExpress: ratio(onTmpfs, bare),
    switchyardVsSwitchyardOnTmpfs: ratio(switchyard, onTmpfs),
    nodeRed: red.skipped
      ? red
      : { ...red, persists: "nothing (no storage node; Node-RED keeps no message durably by default)" },
    switchyardVsNodeRed: ratio(switchyard, red),
    switchyardOnTmpfsVsNodeRed: ratio(onTmpfs, red),
    n8n: {
      skipped: "not installed: its install fetches from a vendor CDN",
      publishedExecutionsPerSecond: 220,
    },
  };
}
