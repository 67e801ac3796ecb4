import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Studio, startStudio } from "./studio.js";

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio();
}, 120_000);
afterAll(async () => {
  await studio?.close();
});

/** Drags one element onto another with the mouse, in small steps (dnd-kit needs movement). */
async function drag(page: Page, from: string, to: string): Promise<void> {
  const source = page.getByTestId(from);
  const target = page.getByTestId(to);
  await source.scrollIntoViewIfNeeded();
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error(`cannot drag ${from} to ${to}: not visible`);
  await page.mouse.move(a.x + 40, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 60, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
}

describe("studio: the form builder", () => {
  it("builds a form by dragging an entity's fields into a section; the preview shows a field's error", async () => {
    const page = await studio.signIn("li.east");
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Forms" }).click();
    await page.getByRole("heading", { name: "Forms" }).waitFor();
    await page.getByLabel("Entity").selectOption("fmcg.store-visit");
    await page.getByLabel("Form id").fill("fmcg.quick-check");
    await page.getByLabel("Title").fill("Quick store check");
    await page.getByRole("button", { name: "New form" }).click();

    await page.getByTestId("field-store_code").waitFor();
    await drag(page, "field-store_code", "section-0");
    await page.getByTestId("placed-store_code").waitFor();
    await drag(page, "field-facings", "section-0");
    await page.getByTestId("placed-facings").waitFor();
    const placed = await page
      .getByTestId("section-0")
      .locator("[data-testid^=placed-]")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid));
    expect(placed).toEqual(["placed-store_code", "placed-facings"]);

    // Filled in wrongly, the preview says what is wrong on the field itself.
    const preview = page.getByTestId("form-preview");
    await preview.getByLabel(/store code|store_code/i).fill("gd12");
    await preview.getByLabel(/facings/i).fill("-3");
    await preview.getByRole("button", { name: "Check as the server would" }).click();
    await expect
      .poll(async () => (await preview.innerText()).replace(/\s+/g, " "))
      .toMatch(/must match pattern "\^\[A-Z\]\{2\}\[0-9\]\{6\}\$"/);
    expect(await preview.innerText()).toMatch(/must be >= 0/);
    await studio.screenshot(page, "form-builder");

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => page.locator(".fb-outcome").innerText()).toMatch(/saved/i);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
