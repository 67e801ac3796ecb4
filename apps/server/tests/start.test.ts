import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { printBanner } from "../src/banner.js";
import { readConfig } from "../src/config.js";
import { startServer } from "../src/main.js";

describe("npm start", () => {
  it("seeds a demo on first start, prints its credentials once, and keeps data across restarts", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-start-"));
    const config = readConfig({ SWITCHYARD_DATA: dataDir, PORT: "0" });
    const logger = pino({ level: "silent" });
    const first = await startServer(config, logger);
    let banner = "";
    printBanner(first, (t) => (banner += t));
    expect(banner).toContain("/api/docs");
    const owner = first.seeded?.users.find((u) => u.username === "li.east");
    expect(owner?.password).toMatch(/.{12,}/);
    expect(banner).toContain(owner?.password ?? "missing");
    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ status: "ok" });
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "li.east", password: owner?.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    let runs: { runs?: { status: string }[] } = {};
    for (let i = 0; i < 40 && (runs.runs?.length ?? 0) < 5; i++) {
      await new Promise((r) => setTimeout(r, 250));
      runs = (await (await fetch(`${first.url}/api/runs`, { headers: { cookie } })).json()) as typeof runs;
    }
    expect(runs.runs?.length).toBeGreaterThanOrEqual(5);
    expect(runs.runs?.some((r) => r.status === "completed")).toBe(true);
    expect(runs.runs?.some((r) => r.status === "waiting")).toBe(true);
    await first.close();

    const second = await startServer(config, logger);
    let again = "";
    printBanner(second, (t) => (again += t));
    expect(second.seeded).toBeUndefined();
    expect(again).not.toContain(owner?.password ?? "missing");
    const relogin = await fetch(`${second.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "li.east", password: owner?.password }),
    });
    expect(relogin.status).toBe(200);
    await second.close();
  }, 60_000);

  it("as an API-only server (SWITCHYARD_ROLE=api) stores events but leaves running them to workers", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-api-only-"));
    const config = readConfig({ SWITCHYARD_DATA: dataDir, PORT: "0", SWITCHYARD_ROLE: "api" });
    expect(config.role).toBe("api");
    const server = await startServer(config, pino({ level: "silent" }));
    const seededEvents = server.seeded?.events ?? 0;
    expect(seededEvents).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 600));
    await server.close();
    // The seed sent demo events; with no engine loop none of them started a run.
    const { openSqliteStore } = await import("@switchyard/store");
    const store = openSqliteStore(path.join(dataDir, "switchyard.db"));
    expect(await store.pendingEvents(100)).toHaveLength(seededEvents);
    expect(await store.listRuns({ limit: 10 })).toEqual([]);
    await store.close();
  }, 60_000);

  it("reads the scale-out settings and refuses bad ones with what to write instead", () => {
    const config = readConfig({
      DATABASE_URL: "postgres://sy@db.internal/switchyard",
      SWITCHYARD_WORKER_ID: "w7",
      SWITCHYARD_LEASE_MS: "5000",
    });
    expect(config).toMatchObject({
      databaseUrl: "postgres://sy@db.internal/switchyard",
      role: "all",
      workerId: "w7",
      leaseMs: 5000,
    });
    expect(readConfig({}).databaseUrl).toBeUndefined();
    expect(() => readConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a postgres:\/\//);
    expect(() => readConfig({ SWITCHYARD_ROLE: "worker" })).toThrow(/'all' .* or 'api'/);
    expect(() => readConfig({ SWITCHYARD_LEASE_MS: "5" })).toThrow(/at least 1000/);
  });

  it("refuses a malformed PORT with a clear message", () => {
    expect(() => readConfig({ PORT: "eighty" })).toThrow(
      "PORT must be a port number (0-65535), not 'eighty'.",
    );
  });
});
