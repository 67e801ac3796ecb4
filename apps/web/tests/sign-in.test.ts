import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Studio, startStudio } from "./studio.js";

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio();
}, 120_000);
afterAll(async () => {
  await studio?.close();
});

describe("studio: signing in", () => {
  it("refuses a wrong password with a message, then signs in and shows the navigation for the role", async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(studio.url);
    await page.getByLabel("Username").fill("li.east");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/password/i);
    await page.close();

    const director = await studio.signIn("li.east");
    const nav = director.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).not.toContain("Audit log");
    await director.getByRole("heading", { name: "Workflows" }).waitFor();
    await studio.screenshot(director, "workflows");
    await director.close();

    const auditor = await studio.signIn("sun.audit");
    expect(
      await auditor.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents(),
    ).toContain("Audit log");
    await auditor.close();
  }, 60_000);
});
