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

  it("refuses a malformed PORT with a clear message", () => {
    expect(() => readConfig({ PORT: "eighty" })).toThrow(
      "PORT must be a port number (0-65535), not 'eighty'.",
    );
  });
});
