import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Studio, startStudio } from "./studio.js";

// The workflow editor against a real server, in Chromium.
let studio: Studio;

/** The element's box once two reads 100 ms apart agree (layout and drop animations done). */
async function settledBox(
  page: Page,
  locator: Locator,
): Promise<{ x: number; y: number; width: number; height: number }> {
  let box = await locator.boundingBox();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const next = await locator.boundingBox();
    if (box && next && next.x === box.x && next.y === box.y) return next;
    box = next;
  }
  throw new Error("the element kept moving (or vanished) for 5 s");
}
beforeAll(async () => {
  studio = await startStudio();
}, 120_000);
afterAll(async () => {
  await studio?.close();
});

describe("studio: workflow canvas", () => {
  it("adds a dropped step and a drawn edge to the YAML, keeping every other line as it was", async () => {
    const page = await studio.signIn("li.east");
    await page.goto(`${studio.url}/workflows/trade-in.east`);
    await page.locator('.react-flow__node[data-id="appraise"]').waitFor();
    await page.getByTestId("yaml-editor").waitFor();

    const item = page.getByTestId("palette-core.send-email");
    await item.scrollIntoViewIfNeeded();
    const from = (await item.boundingBox())!;
    const canvas = (await page.getByTestId("canvas").boundingBox())!;
    await page.mouse.move(from.x + 20, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 30, { steps: 5 });
    await page.mouse.move(canvas.x + 40, canvas.y + 40, { steps: 10 });
    await page.mouse.up();
    const added = page.locator('.react-flow__node[data-id="step_15"]');
    await added.waitFor();

    // Handles are read once the canvas has settled: on a busy machine a node still moving after
    // the drop made the drag miss its target.
    const source = await settledBox(page, added.locator(".react-flow__handle.source"));
    const target = await settledBox(
      page,
      page.locator('.react-flow__node[data-id="appraise"] .react-flow__handle.target'),
    );
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
    await page.mouse.up();
    await page.locator('[data-testid="rf__edge-step_15->appraise#0"]').waitFor();

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => page.getByTestId("action-result").textContent()).toMatch(/Draft saved/);
    expect(await page.getByTestId("action-result").getAttribute("role")).toBe("status");
    const stored = await page.evaluate(async () => {
      const answer = await fetch("/api/definitions/workflow/trade-in.east");
      return (await answer.json()) as { latest: { source: string }; draft: { source: string } };
    });
    const step =
      "  - id: step_15\n    name: Send e-mail\n    component: core.send-email\n    next:\n      - to: appraise\n";
    expect(stored.draft.source).toContain(step);
    expect(stored.draft.source.replace(step, "")).toBe(stored.latest.source);
    await page.close();
  }, 90_000);

  it("shows why publishing was refused, problem by problem", async () => {
    const page = await studio.signIn("li.east");
    await page.goto(`${studio.url}/workflows/trade-in.east`);
    await page.getByTestId("palette-core.wait").click();
    await page.locator('.react-flow__node[data-id="step_15"]').waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    const alert = page.getByTestId("action-result");
    await expect.poll(() => alert.textContent()).toMatch(/Publishing was refused/);
    expect(await alert.getByRole("listitem").allTextContents()).toContainEqual(
      expect.stringMatching(/step_15/),
    );
    // The problems list follows the (debounced) validation.
    await expect
      .poll(() => page.getByTestId("problems").textContent(), { timeout: 20_000 })
      .toMatch(/step_15/);
    await page.close();
  }, 90_000);
});
