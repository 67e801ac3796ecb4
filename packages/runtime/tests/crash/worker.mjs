// A crash-test worker: ingests events from a JSONL file and runs them, from wherever the store
// says it stopped. Killed with SIGKILL at random moments by crash.test.ts, then started again.
// Runs against the compiled packages (npm test builds them first).
import { appendFileSync, readFileSync } from "node:fs";
import { Engine } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";

const [dbPath, eventsPath, deliveriesPath, projectJson] = process.argv.slice(2);
const store = openSqliteStore(dbPath);
// Deliveries are appended to a file, like a receiving mail server's log.
const transport = {
  async deliver(item) {
    appendFileSync(deliveriesPath, `${item.idempotencyKey}\n`);
    return { ok: true, result: {} };
  },
};
const engine = new Engine({ store, transports: { email: transport, http: transport } });
if ((await store.versionsWithStatus("acme", "workflow", "live")).length === 0) {
  const project = JSON.parse(readFileSync(projectJson, "utf8"));
  const result = await engine.deploy(
    "acme",
    Object.entries(project).map(([path, text]) => ({ path, text })),
    "crash-test",
  );
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
} else await engine.load(["acme"]);
const lines = readFileSync(eventsPath, "utf8").trim().split("\n");
for (let i = 0; i < lines.length; i++) {
  const e = JSON.parse(lines[i]);
  await engine.ingest({
    tenantId: "acme",
    id: e.id,
    idempotencyKey: e.id,
    type: "lead.received",
    payload: e.payload,
  });
  if (i % 50 === 49) await engine.tick();
}
await engine.drain();
await engine.close();
await store.close();
process.stdout.write("done\n");
