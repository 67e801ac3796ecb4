import { describe, expect, it } from "vitest";
import { execute, FAKE_NOW, fakeStep } from "../testing.js";
import { approvalComponent } from "./approval.js";

const config = {
  title: "{{ record.discount }}% discount on {{ record.name }}",
  approvers: "['liu@acme.example', record.manager]",
  due: "2d",
};
const scope = { record: { name: "Acme", discount: 15, manager: "chen@acme.example" } };

describe("core.approval", () => {
  it("opens an approval task for the approvers, due after 'due', and waits", async () => {
    const { ctx } = fakeStep({ component: "core.approval", config, scope });
    expect(await execute(approvalComponent, ctx)).toEqual({
      kind: "waiting",
      waitFor: {
        kind: "task",
        task: {
          kind: "approval",
          title: "15% discount on Acme",
          assignees: ["liu@acme.example", "chen@acme.example"],
          payload: { quorum: 2 },
          dueAt: FAKE_NOW + 2 * 86_400_000,
        },
      },
    });
  });

  it("takes an explicit quorum and leaves dueAt out without 'due'", async () => {
    const { ctx } = fakeStep({
      component: "core.approval",
      config: { title: "t", approvers: config.approvers, quorum: 1 },
      scope,
    });
    expect(await execute(approvalComponent, ctx)).toEqual({
      kind: "waiting",
      waitFor: {
        kind: "task",
        task: {
          kind: "approval",
          title: "t",
          assignees: ["liu@acme.example", "chen@acme.example"],
          payload: { quorum: 1 },
        },
      },
    });
  });

  it("refuses a quorum larger than the approvers", async () => {
    const { ctx } = fakeStep({ component: "core.approval", config: { ...config, quorum: 3 }, scope });
    expect(await execute(approvalComponent, ctx)).toMatchObject({
      kind: "failed",
      error: { code: "component/invalid-config", message: expect.stringContaining("needs 3 approvals") },
    });
  });

  it("completes with the decision when the task is done", async () => {
    const step = fakeStep({ component: "core.approval", config, scope });
    const resumed = step.resumed({
      kind: "task",
      result: { approved: false, comment: "Too deep" },
      completedBy: "liu@acme.example",
    });
    expect(await execute(approvalComponent, resumed)).toEqual({
      kind: "completed",
      output: { approved: false, approver: "liu@acme.example", comment: "Too deep" },
    });
  });

  it("gives an empty comment when the approver wrote none", async () => {
    const step = fakeStep({ component: "core.approval", config, scope });
    const resumed = step.resumed({ kind: "task", result: { approved: true }, completedBy: "chen" });
    expect(await execute(approvalComponent, resumed)).toMatchObject({
      output: { approved: true, approver: "chen", comment: "" },
    });
  });

  it("refuses a task result without a decision", async () => {
    const step = fakeStep({ component: "core.approval", config, scope });
    const resumed = step.resumed({ kind: "task", result: { approved: "yes" }, completedBy: "chen" });
    expect(await execute(approvalComponent, resumed)).toMatchObject({
      kind: "failed",
      error: { code: "task/invalid-result" },
    });
  });

  it("reports a resume other than its task as an engine bug", async () => {
    const step = fakeStep({ component: "core.approval", config, scope });
    expect(await execute(approvalComponent, step.resumed({ kind: "timer" }))).toMatchObject({
      kind: "failed",
      error: { code: "component/unexpected-resume" },
    });
  });
});
