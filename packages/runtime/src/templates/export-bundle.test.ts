import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateSources } from "@switchyard/definitions";
import type { Store } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../engine/engine.js";
import { Lifecycle } from "../lifecycle/lifecycle.js";
import { exportBundle } from "./export-bundle.js";
import { importBundle } from "./import-bundle.js";
import { openTestStore } from "../../tests/test-store.js";

const EXAMPLES = path.resolve(import.meta.dirname, "../../../../examples");
const folder = (name: string) =>
  readdirSync(path.join(EXAMPLES, name))
    .filter((f) => f.endsWith(".yaml") && !f.endsWith("bundle.yaml"))
    .map((f) => ({ path: f, text: readFileSync(path.join(EXAMPLES, name, f), "utf8") }));

const open: { store: Store; engine: Engine }[] = [];
afterEach(async () => {
  for (const { engine, store } of open.splice(0)) {
    await engine.close();
    await store.close();
  }
});

async function tenant() {
  const store = await openTestStore();
  const engine = new Engine({ store });
  open.push({ store, engine });
  const lifecycle = new Lifecycle({ engine, store });
  await lifecycle.whitelistBuiltins("t", "ivy");
  return { store, lifecycle };
}

const OPTIONS = { id: "acme.config", name: "Acme configuration", version: "1.0.0" };

describe("exporting a tenant", () => {
  it("gives a bundle that validates, imports into an empty tenant, and exports again identically", async () => {
    const a = await tenant();
    for (const name of ["store-display", "opportunity-stages", "lead-capture"]) {
      const imported = await importBundle(a.lifecycle, a.store, "t", folder(name), "li.east");
      expect(imported.ok, name).toBe(true);
    }
    const first = await exportBundle(a.store, "t", OPTIONS);
    const report = validateSources([{ path: "acme.bundle.yaml", text: first }]);
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const kinds = report.definitions.map((d) => d.kind);
    expect(kinds.filter((k) => k === "workflow").length).toBe(4);
    expect(kinds).toContain("variant");
    expect(kinds).toContain("form");

    const b = await tenant();
    const imported = await importBundle(
      b.lifecycle,
      b.store,
      "t",
      [{ path: "acme.bundle.yaml", text: first }],
      "ops",
    );
    expect(imported.ok).toBe(true);
    const second = await exportBundle(b.store, "t", OPTIONS);
    expect(second).toBe(first);
  }, 30_000); // imports and exports several templates: seconds on a loaded machine

  it("exports a selection", async () => {
    const a = await tenant();
    await importBundle(a.lifecycle, a.store, "t", folder("lead-capture"), "li.east");
    const text = await exportBundle(a.store, "t", { ...OPTIONS, only: ["entity/lead-capture.lead"] });
    const report = validateSources([{ path: "x.bundle.yaml", text }]);
    expect(report.definitions.map((d) => `${d.kind}/${d.id}`)).toEqual([
      "bundle/acme.config",
      "entity/lead-capture.lead",
    ]);
  });
});
