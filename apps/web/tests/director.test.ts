import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Studio, startStudio } from "./studio.js";

// Issue 6's main path: a regional director imports a template, changes the workflow on the canvas,
// sees the YAML follow, publishes it (it starts in shadow) and reads its shadow report. Then IT
// takes a component off the whitelist and the director's next publish is refused, saying why.

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio();
}, 120_000);
afterAll(async () => {
  await studio?.close();
});

const WORKFLOW = "edu.trial-follow-up";
/** The lines Monaco shows (it renders spaces as no-break spaces). */
const yamlText = async (page: import("playwright-core").Page) =>
  (await page.getByTestId("yaml-editor").locator(".view-lines").innerText()).replace(/\u00a0/g, " ");

describe("studio: a director changes a process safely", () => {
  it("imports a template, adds a block on the canvas, publishes to shadow and reads the report", async () => {
    const page = await studio.signIn("li.east");
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    // The template gallery: import in one step; the workflow arrives as a draft.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
    const card = page.getByTestId("template-education.trial-renewal-kit");
    await card.waitFor();
    await studio.screenshot(page, "templates");
    await card.getByRole("link").first().click();
    await page.getByRole("button", { name: /^Import / }).click();
    const result = page.getByRole("status");
    await expect.poll(() => result.textContent()).toMatch(/edu\.trial-follow-up/);
    await result.getByRole("link", { name: WORKFLOW }).click();

    // The canvas: drop a notification after the offer, connect it, fill in its config.
    await page.locator('.react-flow__node[data-id="offer"]').waitFor();
    await page.getByTestId("yaml-editor").waitFor();
    expect(await yamlText(page)).not.toMatch(/core\.notify[\s\S]*core\.notify/);
    const item = page.getByTestId("palette-core.notify");
    await item.scrollIntoViewIfNeeded();
    const from = await item.boundingBox();
    const canvas = await page.getByTestId("canvas").boundingBox();
    if (!from || !canvas) throw new Error("palette or canvas not visible");
    await page.mouse.move(from.x + 20, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 30, { steps: 5 });
    await page.mouse.move(canvas.x + 40, canvas.y + 40, { steps: 10 });
    await page.mouse.up();
    const added = page.locator(".react-flow__node[data-id^='step_']");
    await added.waitFor();
    const newId = await added.getAttribute("data-id");

    // More room to draw the edge: the canvas alone, laid out again.
    await page.getByRole("button", { name: "Canvas", exact: true }).click();
    await page.getByRole("button", { name: "Tidy up" }).click();
    await page.waitForTimeout(500);
    const source = await page
      .locator('.react-flow__node[data-id="offer"] .react-flow__handle.source')
      .boundingBox();
    const target = await added.locator(".react-flow__handle.target").boundingBox();
    if (!source || !target) throw new Error("handles not visible");
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
    await page.mouse.up();

    const panel = page.getByRole("complementary", { name: `Step ${newId}` });
    await panel.getByLabel(/^to/).fill("['advisor.east@acme.example']");
    await panel.getByLabel(/^title/).fill("Offer sent to {{ record.student_name }}'s family");
    await page.keyboard.press("Tab");
    await expect
      .poll(() => page.getByTestId("problems").textContent(), { timeout: 20_000 })
      .toMatch(/No problems/);
    await studio.screenshot(page, "canvas");
    await page.getByRole("button", { name: "Canvas + YAML" }).click();
    // The YAML view shows the new step (appended at the end of the file)...
    await page.getByTestId("yaml-editor").locator(".view-lines").click();
    await page.keyboard.press("Control+End");
    await page.screenshot({ path: "/tmp/dir.png" });
    await expect.poll(() => yamlText(page)).toContain(`id: ${newId}`);
    // ...and the saved draft has the step and the edge, every other line as it was.
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => page.getByTestId("action-result").textContent()).toMatch(/Draft saved/);
    const draft = await page.evaluate(async (id) => {
      const answer = await fetch(`/api/definitions/workflow/${id}`);
      return ((await answer.json()) as { draft: { source: string } }).draft.source;
    }, WORKFLOW);
    expect(draft).toContain(`  - id: ${newId}\n`);
    expect(draft).toMatch(new RegExp(`- id: offer[\\s\\S]*?next:\\s*\\n\\s*- to: ${newId}`));

    // Publish: the new version starts in shadow.
    await page.getByRole("button", { name: "Publish" }).click();
    const outcome = page.getByTestId("action-result");
    await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toMatch(/now in shadow/);

    // Events arrive; the shadow report compares what live did with what this version would do.
    const sent = await page.evaluate(async () => {
      const me = await (await fetch("/api/auth/me")).json();
      const statuses: number[] = [];
      const post = (path: string, body: unknown) =>
        fetch(path, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrfToken },
          body: JSON.stringify(body),
        });
      for (const [i, attended] of [3, 1, 2].entries()) {
        // The CRM already holds the student; the event names the record.
        const created = await post("/api/records/edu.trial-student", {
          id: `stu-${i}`,
          student_name: `Student ${i}`,
          parent_email: `parent${i}@example.com`,
          course: "maths",
          classes_attended: attended,
          homework_done: attended > 1 ? 1 : 0,
          report_opened: true,
          advisor: "advisor.east@acme.example",
        });
        statuses.push(created.status);
        const answer = await post("/api/events", {
          type: "edu.trial-class-attended",
          id: `trial-${i}`,
          payload: { recordId: `stu-${i}` },
        });
        statuses.push(answer.status);
      }
      return statuses;
    });
    expect(sent).toEqual([201, 202, 201, 202, 201, 202]);
    await outcome.getByRole("link").click();
    const report = page.getByTestId("shadow-report");
    await report.waitFor();
    await expect
      .poll(async () => (await report.innerText()).replace(/\s+/g, " "), { timeout: 20_000 })
      .toMatch(/3\s*events?/i);
    expect(await page.getByTestId("gate-min-duration").innerText()).toMatch(/72/);
    // The new version ran cleanly on every event; its effects are in the report, none performed.
    await expect
      .poll(async () => (await report.innerText()).replace(/\s+/g, " "))
      .toMatch(/0\s*Shadow errors/i);
    await studio.screenshot(page, "shadow-report");
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("when IT takes a component off the whitelist, the director's publish is refused, saying why", async () => {
    const admin = await studio.signIn("admin");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Components" }).click();
    await admin.getByTestId("whitelist-row-core.notify@1.0.0").waitFor();
    await studio.screenshot(admin, "whitelist");
    await admin.getByRole("button", { name: "Remove core.notify@1.0.0 from the whitelist" }).click();
    await admin.getByRole("button", { name: "Confirm: remove core.notify@1.0.0" }).click();
    await expect.poll(() => admin.getByTestId("whitelist-row-core.notify@1.0.0").count()).toBe(0);
    await admin.close();

    const page = await studio.signIn("li.east");
    await page.goto(`${studio.url}/workflows/${WORKFLOW}`);
    await page.locator('.react-flow__node[data-id="call"]').click();
    const panel = page.getByRole("complementary", { name: "Step call" });
    await panel.getByLabel("Step name").fill("Ask the advisor to phone");
    await page.keyboard.press("Tab");
    await page.getByRole("button", { name: "Publish" }).click();
    const outcome = page.getByTestId("action-result");
    await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toMatch(/refused/i);
    expect(await outcome.getAttribute("role")).toBe("alert");
    const text = (await outcome.innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/core\.notify@1\.0\.0/);
    expect(text).toMatch(/not approved|whitelist/i);
    expect(text).toMatch(/switchyard whitelist add core\.notify@1\.0\.0/);
    await studio.screenshot(page, "publish-refused");
    await page.close();
  }, 120_000);
});
