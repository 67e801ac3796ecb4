import { describe, expect, it } from "vitest";
import { execute, FAKE_NOW, fakeStep } from "../testing.js";
import { formTaskComponent } from "./form-task.js";

const config = {
  form: "cold-start.qc-call",
  assignee: "record.qc_owner",
  title: "QC call: {{ record.name }}",
  due: "1d",
};
const scope = { record: { name: "Shop 7", qc_owner: "wang@acme.example" } };

describe("core.form-task", () => {
  it("opens a form task for the assignee and waits", async () => {
    const { ctx } = fakeStep({ component: "core.form-task", config, scope });
    expect(await execute(formTaskComponent, ctx)).toEqual({
      kind: "waiting",
      waitFor: {
        kind: "task",
        task: {
          kind: "form",
          title: "QC call: Shop 7",
          assignees: ["wang@acme.example"],
          payload: { form: "cold-start.qc-call" },
          dueAt: FAKE_NOW + 86_400_000,
        },
      },
    });
  });

  it("names the form when there is no title", async () => {
    const { ctx } = fakeStep({ component: "core.form-task", config: { form: "f.x", assignee: "'ana'" } });
    expect(await execute(formTaskComponent, ctx)).toMatchObject({
      waitFor: { task: { title: "Fill in f.x", assignees: ["ana"] } },
    });
  });

  it("refuses an assignee that is not text", async () => {
    const { ctx } = fakeStep({
      component: "core.form-task",
      config,
      scope: { record: { qc_owner: ["a", "b"] } },
    });
    expect(await execute(formTaskComponent, ctx)).toMatchObject({
      kind: "failed",
      error: { code: "component/invalid-config", message: expect.stringContaining("gave a list of 2") },
    });
  });

  it("completes with the submitted values", async () => {
    const step = fakeStep({ component: "core.form-task", config, scope });
    const resumed = step.resumed({
      kind: "task",
      result: { passed: true, notes: "ok" },
      completedBy: "wang",
    });
    expect(await execute(formTaskComponent, resumed)).toEqual({
      kind: "completed",
      output: { submittedBy: "wang", record: { passed: true, notes: "ok" } },
    });
  });

  it("refuses a submission that is not a mapping", async () => {
    const step = fakeStep({ component: "core.form-task", config, scope });
    const resumed = step.resumed({ kind: "task", result: "done", completedBy: "wang" });
    expect(await execute(formTaskComponent, resumed)).toMatchObject({
      kind: "failed",
      error: { code: "task/invalid-result" },
    });
  });
});
