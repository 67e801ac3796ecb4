import { describe, expect, it } from "vitest";
import type { ResumeSignal } from "../contract.js";
import { execute, fakeStep } from "../testing.js";
import { httpComponent } from "./http.js";

const config = {
  method: "POST",
  url: "https://erp.acme.example/api/orders?shop={{ record.id }}",
  headers: { "Idempotency-Key": "order-{{ record.id }}" },
  body: "{'shop': record.id, 'units': record.units}",
  timeout: "20s",
};
const scope = { record: { id: "s1", units: 12 } };

const resumeWith = async (signal: ResumeSignal) => {
  const step = fakeStep({ component: "core.http", config, scope });
  return execute(httpComponent, step.resumed(signal));
};

describe("core.http", () => {
  it("renders the request, hands it to the outbox and waits for it", async () => {
    const { ctx, effects } = fakeStep({ component: "core.http", config, scope });
    const outcome = await execute(httpComponent, ctx);
    expect(effects.requests).toEqual([
      {
        method: "POST",
        url: "https://erp.acme.example/api/orders?shop=s1",
        headers: { "Idempotency-Key": "order-s1" },
        body: { shop: "s1", units: 12 },
        timeoutMs: 20_000,
      },
    ]);
    expect(outcome).toEqual({ kind: "waiting", waitFor: { kind: "outbox", outboxId: "ob-1" } });
  });

  it("defaults to POST, no body and a 10 s timeout", async () => {
    const { ctx, effects } = fakeStep({ component: "core.http", config: { url: "https://x.example/ping" } });
    await execute(httpComponent, ctx);
    expect(effects.requests).toEqual([
      { method: "POST", url: "https://x.example/ping", headers: {}, timeoutMs: 10_000 },
    ]);
  });

  it.each(["ftp://x.example/file", "/api/orders", "https://", "javascript:alert(1)"])(
    "refuses the URL %s",
    async (url) => {
      const { ctx, effects } = fakeStep({ component: "core.http", config: { url } });
      expect(await execute(httpComponent, ctx)).toMatchObject({
        kind: "failed",
        retryable: false,
        error: { code: "http/invalid-url" },
      });
      expect(effects.requests).toEqual([]);
    },
  );

  it("refuses a header value with a line break", async () => {
    const { ctx } = fakeStep({
      component: "core.http",
      config: { url: "https://x.example", headers: { "X-Name": "{{ record.name }}" } },
      scope: { record: { name: "a\r\nX-Admin: 1" } },
    });
    expect(await execute(httpComponent, ctx)).toMatchObject({
      kind: "failed",
      error: { code: "http/invalid-header" },
    });
  });

  it("completes with status and body when the response is below 400", async () => {
    expect(
      await resumeWith({ kind: "outbox", ok: true, result: { status: 201, body: { id: "po-9" } } }),
    ).toEqual({
      kind: "completed",
      output: { status: 201, body: { id: "po-9" } },
    });
  });

  it.each([
    [503, true],
    [500, true],
    [429, true],
    [404, false],
    [422, false],
  ])("fails with http/status on %i (retryable: %s)", async (status, retryable) => {
    const outcome = await resumeWith({ kind: "outbox", ok: false, result: { status, body: "nope" } });
    expect(outcome).toMatchObject({ kind: "failed", retryable, error: { code: "http/status" } });
    expect(outcome.kind === "failed" && outcome.error.message).toBe(
      `POST https://erp.acme.example/api/orders?shop={{ record.id }} answered ${status}: nope`,
    );
  });

  it("treats an error status reported as ok as a failure too", async () => {
    expect(await resumeWith({ kind: "outbox", ok: true, result: { status: 400, body: null } })).toMatchObject(
      {
        kind: "failed",
        retryable: false,
        error: { code: "http/status" },
      },
    );
  });

  it("fails retryably with http/failed when there was no answer", async () => {
    expect(
      await resumeWith({
        kind: "outbox",
        ok: false,
        result: null,
        error: "connect ECONNREFUSED 10.0.0.1:443",
      }),
    ).toMatchObject({
      kind: "failed",
      retryable: true,
      error: { code: "http/failed", message: expect.stringContaining("ECONNREFUSED") },
    });
  });

  it("reports a resume it did not wait for as an engine bug", async () => {
    expect(await resumeWith({ kind: "timer" })).toMatchObject({
      kind: "failed",
      error: { code: "component/unexpected-resume" },
    });
  });
});
