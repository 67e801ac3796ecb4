import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningServer, startServer } from "@switchyard/server";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where the browser tests leave screenshots of the main screens (shown in the README). */
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../docs/screenshots");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/** A running server (embedded store, demo tenant seeded, studio built) and headless Chromium. */
export interface Studio {
  readonly url: string;
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The seeded demo password of a user. */
  password(username: string): string;
  /** A new page signed in as `username`, at 1280×800. */
  signIn(username: string): Promise<Page>;
  /** Saves a screenshot of the page as docs/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Moves the server's clock (shadow gates measure time with it). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startStudio(): Promise<Studio> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-studio-"));
  let offset = 0;
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    dataDir,
    logLevel: "silent",
    smtpUrl: undefined,
    mailFrom: "switchyard@localhost",
    outbound: "record",
    clock: () => Date.now() + offset,
  });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const users = server.seeded?.users ?? [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  const studio: Studio = {
    url: server.url,
    server,
    browser,
    password(username) {
      const user = users.find((u) => u.username === username);
      if (!user) throw new Error(`no demo user ${username}`);
      return user.password;
    },
    async signIn(username) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(studio.password(username));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    },
    advance(ms) {
      offset += ms;
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return studio;
}
