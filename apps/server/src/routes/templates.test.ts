import { readFileSync } from "node:fs";
import path from "node:path";
import { type Component, parseSource } from "@switchyard/definitions";
import { readTemplates } from "@switchyard/runtime";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TEMPLATES_DIR, templatesRoutes } from "./templates.js";
import { type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

const TRADE_IN = "manufacturing.trade-in-kit";

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [templatesRoutes(ctx)]);
  await api.ctx.lifecycle.whitelistBuiltins("acme", "it");
});
afterEach(async () => {
  await api.close();
});

/** Puts the trade-in template's custom component on acme's whitelist. */
async function whitelistDepreciation(): Promise<void> {
  const file = path.join(TEMPLATES_DIR, "trade-in", "depreciation.component.yaml");
  const component = parseSource(readFileSync(file, "utf8"), file).document?.value as Component;
  await api.ctx.lifecycle.whitelistAdd(
    "acme",
    { componentId: component.id, version: component.version, owner: component.owner, component },
    "it",
  );
}

/** The store-display template's files, as a client sends them to POST /api/bundles/import. */
function storeDisplayFiles(): { path: string; text: string }[] {
  const dir = path.join(TEMPLATES_DIR, "store-display");
  return [
    "store-display-kit.bundle.yaml",
    "store-visit.entity.yaml",
    "display-check.form.yaml",
    "display-review.workflow.yaml",
    "weekly-digest.workflow.yaml",
  ].map((f) => ({ path: f, text: readFileSync(path.join(dir, f), "utf8") }));
}

describe("GET /api/templates", () => {
  it("lists every template's manifest without file texts", async () => {
    const { status, body } = await api.call("GET", "/api/templates", { as: "viewer" });
    expect(status).toBe(200);
    const templates = body.templates as unknown as Record<string, unknown>[];
    expect(templates.map((t) => t.id)).toContain(TRADE_IN);
    expect(templates).toHaveLength(readTemplates(TEMPLATES_DIR).length);
    expect(templates.length).toBeGreaterThanOrEqual(8);
    expect(templates.find((t) => t.id === TRADE_IN)).toEqual({
      id: TRADE_IN,
      name: "Manufacturing trade-in",
      version: "1.0.0",
      description: expect.stringContaining("appraisal"),
      industry: "manufacturing",
      scenarios: ["trade-in", "equipment-finance"],
    });
  });
});

describe("GET /api/templates/{id}", () => {
  it("answers the README and the files, the bundle first", async () => {
    const { status, body } = await api.call("GET", `/api/templates/${TRADE_IN}`, { as: "viewer" });
    expect(status).toBe(200);
    expect(String(body.readme)).toMatch(/^# Trade-in/);
    const files = body.files as unknown as { path: string; kind: string; id: string; text: string }[];
    expect(files[0]).toMatchObject({ path: "trade-in-kit.bundle.yaml", kind: "bundle", id: TRADE_IN });
    expect(files.find((f) => f.kind === "workflow")).toMatchObject({
      path: "trade-in.workflow.yaml",
      id: "trade-in.east",
      text: expect.stringContaining("kind: workflow"),
    });
  });

  it("is 404 for an unknown template", async () => {
    const { status, body } = await api.call("GET", "/api/templates/no.such-kit", { as: "viewer" });
    expect(status).toBe(404);
    expect(body.error?.code).toBe("not-found");
  });
});

describe("POST /api/templates/{id}/import", () => {
  it("publishes the definitions and saves the workflow as a draft, never live; again, nothing changes", async () => {
    await whitelistDepreciation();
    const first = await api.call("POST", `/api/templates/${TRADE_IN}/import`, { as: "east", body: {} });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ drafts: ["trade-in.east"], unchanged: [], kept: [] });
    expect((first.body.published as unknown as { id: string }[]).map((p) => p.id).sort()).toEqual([
      "trade-in.appraisal",
      "trade-in.deal",
      "trade-in.depreciation",
      "trade-in.financing-offer",
    ]);
    expect(await api.ctx.store.getDraft("acme", "workflow", "trade-in.east")).toMatchObject({
      updatedBy: "east",
    });
    expect(api.engine.registry.liveWorkflows("acme").map((w) => w.workflow.id)).not.toContain(
      "trade-in.east",
    );
    const audit = (await api.ctx.store.audit.list("acme")).filter((a) => a.action === "template-import");
    expect(audit).toMatchObject([{ actor: "east", object: `bundle/${TRADE_IN}` }]);

    const again = await api.call("POST", `/api/templates/${TRADE_IN}/import`, { as: "east", body: {} });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ published: [], drafts: [], kept: [] });
    expect(again.body.unchanged as unknown as unknown[]).toHaveLength(5);
  });

  it("refuses a component IT has not approved (422 with the located problems); nothing is imported", async () => {
    const { status, body } = await api.call("POST", `/api/templates/${TRADE_IN}/import`, {
      as: "east",
      body: {},
    });
    expect(status).toBe(422);
    expect(body.error?.code).toBe("import/not-whitelisted");
    expect(body.error?.problems).toEqual([
      expect.objectContaining({
        code: "publish/component-not-whitelisted",
        file: "depreciation.component.yaml",
        line: 4,
        column: 10,
      }),
    ]);
    expect(await api.ctx.store.getDraft("acme", "workflow", "trade-in.east")).toBeUndefined();
  });

  it("is 403 for a role without templates:import, and for a process owner of another region", async () => {
    await whitelistDepreciation();
    for (const as of ["viewer", "approver"] as const) {
      const { status } = await api.call("POST", `/api/templates/${TRADE_IN}/import`, { as, body: {} });
      expect(status, as).toBe(403);
    }
    const west = await api.call("POST", `/api/templates/${TRADE_IN}/import`, { as: "west", body: {} });
    expect(west.status).toBe(403);
    expect(west.body.error?.message).toContain("region 'east'");
    expect(await api.ctx.store.getDraft("acme", "workflow", "trade-in.east")).toBeUndefined();
  });

  it("is 404 for an unknown template", async () => {
    const { status } = await api.call("POST", "/api/templates/no.such-kit/import", { as: "admin", body: {} });
    expect(status).toBe(404);
  });
});

describe("POST /api/bundles/import", () => {
  it("refuses a bundle that would replace a different definition (409), or keeps the tenant's on request", async () => {
    const files = storeDisplayFiles();
    expect((await api.call("POST", "/api/bundles/import", { as: "admin", body: { files } })).status).toBe(
      201,
    );
    const changed = files.map((f) =>
      f.path === "store-visit.entity.yaml" ? { ...f, text: f.text.replace("Store visit", "Shop visit") } : f,
    );

    const refused = await api.call("POST", "/api/bundles/import", { as: "admin", body: { files: changed } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "import/conflicts",
      conflicts: [{ kind: "entity", id: "fmcg.store-visit", file: "store-visit.entity.yaml", existing: 1 }],
    });

    const kept = await api.call("POST", "/api/bundles/import", {
      as: "admin",
      body: { files: changed, onConflict: "keep-existing" },
    });
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ published: [], kept: [{ kind: "entity", id: "fmcg.store-visit" }] });
  });

  it("answers 422 with located diagnostics for an invalid bundle", async () => {
    const files = storeDisplayFiles().map((f) =>
      f.path === "store-visit.entity.yaml"
        ? { ...f, text: f.text.replace("type: object", "type: objekt") }
        : f,
    );
    const { status, body } = await api.call("POST", "/api/bundles/import", { as: "admin", body: { files } });
    expect(status).toBe(422);
    expect(body.error?.code).toBe("import/invalid");
    expect(body.error?.diagnostics as unknown as unknown[]).toContainEqual(
      expect.objectContaining({
        severity: "error",
        file: "store-visit.entity.yaml",
        line: expect.any(Number),
      }),
    );
  });
});
