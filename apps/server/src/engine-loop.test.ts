import type { Engine } from "@switchyard/runtime";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { startEngineLoop } from "./engine-loop.js";

/** An engine whose ticks do `work` units while there is work queued. */
function fakeEngine() {
  const state = { queued: 0, ticks: 0, busyTicks: 0 };
  const engine = {
    async tick() {
      state.ticks += 1;
      const done = state.queued;
      state.queued = 0;
      if (done > 0) state.busyTicks += 1;
      return done;
    },
  } as unknown as Engine;
  return { engine, state };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("engine loop", () => {
  it("wakes one tick for a burst of kicks", async () => {
    const { engine, state } = fakeEngine();
    const loop = startEngineLoop(engine, pino({ level: "silent" }), 60_000, 10);
    await until(() => state.ticks >= 1);
    for (let i = 0; i < 20; i++) {
      state.queued += 1;
      loop.kick();
    }
    await until(() => state.queued === 0);
    await loop.stop();
    expect(state.busyTicks).toBe(1);
  });

  it("looks again soon when kicked during a tick that found nothing", async () => {
    const state = { ticks: 0, queued: 0, handled: 0 };
    let kick = () => {};
    const engine = {
      async tick() {
        state.ticks += 1;
        const done = state.queued;
        state.queued = 0;
        state.handled += done;
        // An event arrives while this tick runs, after it looked for events.
        if (state.ticks === 2) {
          state.queued = 1;
          kick();
        }
        return done;
      },
    } as unknown as Engine;
    const loop = startEngineLoop(engine, pino({ level: "silent" }), 60_000, 5);
    kick = () => loop.kick();
    await until(() => state.ticks >= 1);
    loop.kick();
    await until(() => state.handled === 1);
    await loop.stop();
    // Without the follow-up look, the event would wait for the 60 s idle timer.
    expect(state.handled).toBe(1);
  });
});
