import { readFileSync } from "node:fs";
import path from "node:path";
import type { Store } from "@switchyard/store";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../engine/engine.js";
import { Lifecycle } from "../lifecycle/lifecycle.js";
import { importBundle } from "./import-bundle.js";
import { openTestStore } from "../../tests/test-store.js";

const KIT = path.resolve(import.meta.dirname, "../../../../examples/store-display");
const files = [
  "bundle.yaml",
  "store-visit.entity.yaml",
  "display-check.form.yaml",
  "display-review.workflow.yaml",
  "weekly-digest.workflow.yaml",
].map((f) => ({ path: f, text: readFileSync(path.join(KIT, f), "utf8") }));

let store: Store | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await store?.close();
});

async function setUp() {
  store = await openTestStore();
  engine = new Engine({ store });
  const lifecycle = new Lifecycle({ engine, store });
  await lifecycle.whitelistBuiltins("t1", "ivy");
  return { lifecycle, store, engine };
}

describe("importing a bundle", () => {
  it("publishes entities and forms, saves workflows as drafts, and audits it", async () => {
    const { lifecycle, store: s, engine: e } = await setUp();
    const result = await importBundle(lifecycle, s, "t1", files, "li.east");
    expect(result).toMatchObject({
      ok: true,
      published: [
        { kind: "entity", id: "fmcg.store-visit", version: 1 },
        { kind: "form", id: "fmcg.store-display-check", version: 1 },
      ],
      drafts: ["fmcg.store-display-review", "fmcg.display-weekly-digest"],
    });
    // Never live: no live or shadow workflow, only drafts.
    expect(e.registry.liveWorkflows("t1")).toEqual([]);
    expect((await s.listDrafts("t1")).map((d) => d.definitionId).sort()).toEqual([
      "fmcg.display-weekly-digest",
      "fmcg.store-display-review",
    ]);
    const entry = (await s.audit.list("t1")).find((a) => a.action === "template-import");
    expect(entry).toMatchObject({ actor: "li.east", object: "bundle/fmcg.store-display-kit" });

    // The same import again changes nothing.
    const again = await importBundle(lifecycle, s, "t1", files, "li.east");
    expect(again).toMatchObject({ ok: true, published: [], drafts: [] });
    expect(again.ok && again.unchanged).toHaveLength(4);
  });

  it("refuses an import that would replace a different definition, or keeps the tenant's on request", async () => {
    const { lifecycle, store: s } = await setUp();
    await importBundle(lifecycle, s, "t1", files, "li.east");
    const changed = files.map((f) =>
      f.path === "store-visit.entity.yaml" ? { ...f, text: f.text.replace("Store visit", "Shop visit") } : f,
    );
    expect(changed.find((f) => f.path === "store-visit.entity.yaml")?.text).not.toEqual(files[1]?.text);
    const refused = await importBundle(lifecycle, s, "t1", changed, "li.east");
    expect(refused).toMatchObject({
      ok: false,
      code: "conflicts",
      conflicts: [{ kind: "entity", id: "fmcg.store-visit", existing: 1 }],
    });
    expect((await s.latestVersions("t1", "entity")).map((v) => v.version)).toEqual([1]);
    const kept = await importBundle(lifecycle, s, "t1", changed, "li.east", { onConflict: "keep-existing" });
    expect(kept).toMatchObject({ ok: true, kept: [{ kind: "entity", id: "fmcg.store-visit" }] });
    expect((await s.latestVersions("t1", "entity")).map((v) => v.version)).toEqual([1]);
  });

  it("refuses a bundle whose workflow would be an invalid draft, and stores nothing", async () => {
    const { lifecycle, store: s } = await setUp();
    const broken = files.map((f) =>
      f.path === "display-review.workflow.yaml" ? { ...f, text: f.text.replace("record.", "recrd.") } : f,
    );
    const refused = await importBundle(lifecycle, s, "t1", broken, "li.east");
    expect(refused).toMatchObject({ ok: false, code: "invalid" });
    expect(!refused.ok && refused.diagnostics?.[0]?.location?.file).toBe("display-review.workflow.yaml");
    expect(await s.listDrafts("t1")).toEqual([]);
    expect(await s.latestVersions("t1", "entity")).toEqual([]);
  });
});
