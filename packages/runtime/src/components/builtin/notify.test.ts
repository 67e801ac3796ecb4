import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { notifyComponent } from "./notify.js";

describe("core.notify", () => {
  it("notifies each recipient once and outputs the first notification id", async () => {
    const { ctx, effects } = fakeStep({
      component: "core.notify",
      config: {
        to: "['vp@acme.example', record.csm, record.csm]",
        title: "No review for {{ record.name }}",
        link: "/accounts/{{ record.id }}",
      },
      scope: { record: { id: "a1", name: "Acme", csm: "li@acme.example" } },
    });
    const outcome = await execute(notifyComponent, ctx);
    expect(effects.notifications).toEqual([
      {
        recipients: ["vp@acme.example", "li@acme.example"],
        title: "No review for Acme",
        message: "",
        link: "/accounts/a1",
      },
    ]);
    expect(outcome).toEqual({ kind: "completed", output: { notificationId: "nt-1" } });
  });

  it("accepts a single user id", async () => {
    const { ctx, effects } = fakeStep({
      component: "core.notify",
      config: { to: "record.owner", title: "Hi", message: "Text" },
      scope: { record: { owner: "ana" } },
    });
    await execute(notifyComponent, ctx);
    expect(effects.notifications).toEqual([{ recipients: ["ana"], title: "Hi", message: "Text" }]);
  });

  it.each([
    ["a number", "42", "42"],
    ["an empty list", "[]", "an empty list"],
    ["a list with a blank", "['ana', '']", "a list of 2"],
  ])("refuses %s as recipients", async (_, to, shown) => {
    const { ctx, effects } = fakeStep({ component: "core.notify", config: { to, title: "Hi" } });
    const outcome = await execute(notifyComponent, ctx);
    expect(outcome).toMatchObject({
      kind: "failed",
      error: {
        code: "component/invalid-config",
        message: `'to' must give a user id or a non-empty list of them, but \`${to}\` gave ${shown}.`,
      },
    });
    expect(effects.notifications).toEqual([]);
  });
});
