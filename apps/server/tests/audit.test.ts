import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, startTestServer } from "./server.js";

const auditor: Caller = { name: "auditor", role: "auditor" };
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ acme: [auditor] });
}, 60_000);
afterAll(async () => server?.close());

describe("audit API", () => {
  it("shows auditors the publish entries with their data scope, and verifies the chain", async () => {
    const list = await server.call("get", "/api/audit", auditor);
    expect(list.status).toBe(200);
    const entries = (
      JSON.parse(list.text) as { entries: { action: string; object: string; detail: unknown }[] }
    ).entries;
    expect(entries.map((e) => `${e.action} ${e.object}`)).toEqual([
      "publish entity/lead",
      "publish workflow/approve-lead",
    ]);
    expect(entries[1]?.detail).toMatchObject({
      change: "created",
      scope: { entities: ["lead"], regions: ["east"] },
    });
    const verify = await server.call("get", "/api/audit/verify", auditor);
    expect(JSON.parse(verify.text)).toMatchObject({ ok: true, entries: 2 });
  });
});
