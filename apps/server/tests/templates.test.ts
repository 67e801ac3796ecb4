import path from "node:path";
import { type Component, validateSources } from "@switchyard/definitions";
import { Engine, importBundle, Lifecycle, readTemplates } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import { describe, expect, it } from "vitest";

// Every shipped template, on its own: valid, and importable into a fresh tenant in one step, with
// its entities, forms, components and variants published and its workflows as drafts (never live).

const TEMPLATES = path.resolve(import.meta.dirname, "../../../templates");
const templates = readTemplates(TEMPLATES);

describe("the shipped templates", () => {
  it("are all found, each with a README and its bundle first", () => {
    expect(templates.map((t) => t.id)).toHaveLength(10);
    for (const t of templates) {
      expect(t.files[0]?.path).toMatch(/\.bundle\.yaml$/);
      expect(t.readme, t.id).toMatch(/^# /);
      expect(t.industry, t.id).toBeTruthy();
    }
  });

  it.each(templates.map((t) => [t.id, t] as const))("%s validates on its own", (_id, template) => {
    const report = validateSources(template.files);
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(report.definitions.filter((d) => d.kind !== "bundle")).toHaveLength(template.files.length - 1);
  });

  it.each(templates.map((t) => [t.id, t] as const))(
    "%s imports into a fresh tenant, workflows as drafts",
    async (_id, template) => {
      const store = openSqliteStore(":memory:");
      const engine = new Engine({ store, enforceWhitelist: true });
      try {
        const lifecycle = new Lifecycle({ engine, store });
        await lifecycle.whitelistBuiltins("fresh", "it");
        const report = validateSources(template.files);
        for (const d of report.definitions.filter((x) => x.kind === "component")) {
          const component = d.definition as Component;
          await lifecycle.whitelistAdd(
            "fresh",
            { componentId: component.id, version: component.version, owner: component.owner, component },
            "it",
          );
        }
        const result = await importBundle(lifecycle, store, "fresh", template.files, "owner");
        expect(result.ok ? "ok" : `${result.code}: ${result.message}`).toBe("ok");
        // Workflows and the regional variants of workflows arrive as drafts.
        const workflows = report.definitions
          .filter(
            (d) =>
              d.kind === "workflow" || (d.kind === "variant" && "workflow" in Object(d.definition).extends),
          )
          .map((d) => d.id);
        expect(result.ok && [...result.drafts].sort()).toEqual([...workflows].sort());
        expect(engine.registry.liveWorkflows("fresh")).toEqual([]);
        const again = await importBundle(lifecycle, store, "fresh", template.files, "owner");
        expect(again).toMatchObject({ ok: true, published: [], drafts: [], kept: [] });
      } finally {
        await engine.close();
        await store.close();
      }
    },
  );
});
