import { describe, expect, it } from "vitest";
import { execute, fakeStep } from "../testing.js";
import { sendEmailComponent } from "./send-email.js";

const send = (config: Record<string, unknown>, scope: Record<string, unknown> = {}) => {
  const step = fakeStep({ component: "core.send-email", config, scope });
  return { effects: step.effects, outcome: execute(sendEmailComponent, step.ctx) };
};

describe("core.send-email", () => {
  it("renders the message, hands it to the outbox and completes at once", async () => {
    const { effects, outcome } = send(
      {
        to: "record.attendees",
        cc: "'csm@acme.example'",
        subject: "Review: {{ record.name }}",
        body: "Hello,\n{{ record.name }} is at risk.",
      },
      { record: { name: "Acme", attendees: ["a@acme.example", "王伟@例子.中国"] } },
    );
    expect(await outcome).toEqual({ kind: "completed", output: { messageId: "ob-1" } });
    expect(effects.emails).toEqual([
      {
        to: ["a@acme.example", "王伟@例子.中国"],
        cc: ["csm@acme.example"],
        subject: "Review: Acme",
        body: "Hello,\nAcme is at risk.",
      },
    ]);
  });

  it("keeps the subject on one line", async () => {
    const { effects, outcome } = send(
      { to: "'a@acme.example'", subject: "{{ record.name }}", body: "" },
      { record: { name: "Acme\r\nBcc: evil@example.com" } },
    );
    await outcome;
    expect(effects.emails[0]?.subject).toBe("Acme Bcc: evil@example.com");
  });

  it("refuses recipients that are not e-mail addresses, naming them", async () => {
    const { effects, outcome } = send(
      { to: "['a@acme.example', record.owner]", subject: "s", body: "b" },
      { record: { owner: "li.wei" } },
    );
    expect(await outcome).toMatchObject({
      kind: "failed",
      retryable: false,
      error: {
        code: "email/invalid-address",
        message: "'to' gave 'li.wei', which is not an e-mail address.",
      },
    });
    expect(effects.emails).toEqual([]);
  });

  it("refuses a cc that is not text", async () => {
    const { outcome } = send(
      { to: "'a@acme.example'", cc: "record.n", subject: "s", body: "b" },
      { record: { n: 3 } },
    );
    expect(await outcome).toMatchObject({
      kind: "failed",
      error: {
        code: "component/invalid-config",
        message: expect.stringContaining("'cc' must give an e-mail address"),
      },
    });
  });
});
