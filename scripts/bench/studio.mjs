// How long the studio takes to open a 1,000-step workflow in Chromium: from navigation to the
// canvas showing its first nodes (YAML parse, validation, layout and first render included).
// Needs the studio built (`npm run bench` builds it) and Debian's Chromium at /usr/bin/chromium.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "@switchyard/server";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A valid workflow of `steps` steps in a chain, with a choice every 10 steps (so layout has work). */
export function bigWorkflow(id, steps = 1_000) {
  const lines = [
    "kind: workflow",
    `id: ${id}`,
    "name: A thousand steps",
    "owner: bench@acme.example",
    "region: global",
    "triggers:",
    "  - type: manual",
    "start: s1",
    "steps:",
  ];
  for (let i = 1; i <= steps; i++) {
    const next = i < steps ? i + 1 : undefined;
    if (i % 10 === 0 && next && i + 2 <= steps) {
      lines.push(`  - id: s${i}`, "    component: core.switch", "    next:");
      lines.push(`      - { to: s${i + 2}, when: "1 > 2" }`, `      - { to: s${next} }`);
    } else {
      lines.push(`  - id: s${i}`, "    component: core.set", `    config: { fields: { n: "${i}" } }`);
      if (next) lines.push("    next:", `      - { to: s${next} }`);
    }
  }
  return `${lines.join("\n")}\n`;
}

async function signIn(page, url, username, password) {
  await page.goto(url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** Median time to open the 1,000-step workflow in the canvas, over `repeats` fresh page loads. */
export async function benchStudio(repeats = 3) {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-studio-"));
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    dataDir,
    logLevel: "silent",
    smtpUrl: undefined,
    mailFrom: "bench@localhost",
    outbound: "record",
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  try {
    const user = server.seeded?.users.find((u) => u.username === "chen.head");
    if (!user) throw new Error("the demo tenant has no head-office process owner");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server.url, user.username, user.password);
    const id = "bench.thousand-steps";
    const saved = await page.evaluate(
      async ({ id, source }) => {
        const me = await (await fetch("/api/auth/me")).json();
        const answer = await fetch(`/api/definitions/workflow/${id}/draft`, {
          method: "PUT",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrfToken },
          body: JSON.stringify({ source }),
        });
        return answer.status;
      },
      { id, source: bigWorkflow(id) },
    );
    if (saved !== 200) throw new Error(`saving the 1,000-step draft answered ${saved}`);
    const times = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      await page.goto(`${server.url}/workflows/${id}`);
      await page.locator(".react-flow__node").first().waitFor({ timeout: 120_000 });
      times.push(performance.now() - started);
    }
    return { openThousandStepWorkflowMs: Math.round(median(times)), repeats };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
