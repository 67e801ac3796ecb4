import type { Store } from "@switchyard/store";
import { RecordingTransport } from "../src/effects/transports.js";
import { Engine } from "../src/engine/engine.js";
import { createSandbox } from "../src/sandbox/index.js";
import { openTestStore } from "./test-store.js";

export const LEAD_ENTITY = `
kind: entity
id: lead
label: Lead
schema:
  type: object
  required: [name]
  properties:
    name: { type: string, x-core: true }
    phone: { type: string }
    amount: { type: number }
    employees: { type: integer }
    region: { type: string }
    status: { type: string }
    tags: { type: array, items: { type: string } }
`;

/** An engine on an in-memory store with a hand-moved clock and recording transports. */
export async function testEngine(files: Record<string, string>, options: { http?: RecordingTransport } = {}) {
  const store: Store = await openTestStore();
  let now = Date.parse("2026-11-23T09:00:00Z");
  const email = new RecordingTransport();
  const http = options.http ?? new RecordingTransport();
  const sandbox = createSandbox({ workers: 1 });
  const engine = new Engine({ store, sandbox, clock: () => now, transports: { email, http } });
  const sources = Object.entries({ "lead.entity.yaml": LEAD_ENTITY, ...files }).map(([path, text]) => ({
    path,
    text,
  }));
  const deployed = await engine.deploy("acme", sources, "tester");
  if (!deployed.ok)
    throw new Error(
      deployed.diagnostics
        .map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)
        .join("\n"),
    );
  return {
    engine,
    store,
    email,
    http,
    advance(ms: number) {
      now += ms;
    },
    async send(type: string, payload: unknown, key?: string) {
      const result = await engine.ingest({
        tenantId: "acme",
        type,
        payload,
        ...(key ? { idempotencyKey: key, id: key } : {}),
      });
      await engine.drain();
      return result;
    },
    async runs() {
      return store.listRuns({ tenantId: "acme" });
    },
    async close() {
      await engine.close();
      await sandbox.close();
      await store.close();
    },
  };
}
