import { describe, expect, it } from "vitest";
import { execute, FAKE_NOW, fakeStep } from "../testing.js";
import { waitComponent } from "./wait.js";

const wait = (config: Record<string, unknown>, scope: Record<string, unknown> = {}) =>
  execute(waitComponent, fakeStep({ component: "core.wait", config, scope }).ctx);

describe("core.wait", () => {
  it("waits a duration on a timer", async () => {
    expect(await wait({ duration: "1h30m" })).toEqual({
      kind: "waiting",
      waitFor: { kind: "timer", dueAt: FAKE_NOW + 90 * 60_000 },
    });
  });

  it.each([
    ["a CEL timestamp", "timestamp('2026-03-05T08:00:00Z') - duration('1h')", Date.UTC(2026, 2, 5, 7)],
    ["ISO text with an offset", "'2026-03-05T16:00:00+08:00'", Date.UTC(2026, 2, 5, 8)],
    ["a bare date (midnight UTC)", "'2026-03-05'", Date.UTC(2026, 2, 5)],
    ["a record field", "record.meeting_at", Date.UTC(2026, 2, 4, 10)],
  ])("waits until %s", async (_, until, dueAt) => {
    expect(await wait({ until }, { record: { meeting_at: "2026-03-04T10:00:00Z" } })).toEqual({
      kind: "waiting",
      waitFor: { kind: "timer", dueAt },
    });
  });

  it("completes at once when the moment has passed", async () => {
    expect(await wait({ until: "'2020-01-01T00:00:00Z'" })).toEqual({
      kind: "completed",
      output: { timedOut: false },
    });
  });

  it.each([
    ["a number", "1772611200", "1772611200"],
    ["text without a zone", "'2026-03-05T08:00:00'", "'2026-03-05T08:00:00'"],
    ["prose", "'next Tuesday'", "'next Tuesday'"],
  ])("refuses %s as 'until'", async (_, until, shown) => {
    expect(await wait({ until })).toMatchObject({
      kind: "failed",
      error: {
        code: "component/invalid-config",
        message: `'until' must give a moment in time, but \`${until}\` gave ${shown}.`,
      },
    });
  });

  it("waits for an event with its match and timeout", async () => {
    expect(
      await wait({
        event: "contract.signed",
        match: "incoming.payload.opportunity_id == record.id",
        timeout: "30d",
      }),
    ).toEqual({
      kind: "waiting",
      waitFor: {
        kind: "event",
        eventType: "contract.signed",
        match: "incoming.payload.opportunity_id == record.id",
        timeoutAt: FAKE_NOW + 30 * 86_400_000,
      },
    });
  });

  it.each([
    [{}, "does not say what to wait for"],
    [{ duration: "1h", event: "x.y" }, "sets 'duration' and 'event'"],
    [{ duration: "1h", timeout: "2h" }, "sets 'timeout', which only applies"],
  ])("refuses %o", async (config, message) => {
    expect(await wait(config)).toMatchObject({
      kind: "failed",
      error: { code: "component/invalid-config", message: expect.stringContaining(message) },
    });
  });

  it("refuses a zero duration", async () => {
    expect(await wait({ duration: "0s" })).toMatchObject({
      kind: "failed",
      error: { code: "component/invalid-config", message: "'duration' is '0s', which is not a duration." },
    });
  });

  describe("when resumed", () => {
    const step = fakeStep({ component: "core.wait", config: { event: "contract.signed", timeout: "30d" } });
    const event = {
      id: "ev1",
      type: "contract.signed",
      payload: { opportunity_id: "o1" },
      occurredAt: FAKE_NOW,
    };

    it("by its timer, has not timed out", async () => {
      expect(await execute(waitComponent, step.resumed({ kind: "timer" }))).toEqual({
        kind: "completed",
        output: { timedOut: false },
      });
    });

    it("by the event, outputs it", async () => {
      expect(await execute(waitComponent, step.resumed({ kind: "event", event }))).toEqual({
        kind: "completed",
        output: { timedOut: false, event },
      });
    });

    it("by its timeout, has timed out", async () => {
      expect(await execute(waitComponent, step.resumed({ kind: "timeout" }))).toEqual({
        kind: "completed",
        output: { timedOut: true },
      });
    });
  });
});
