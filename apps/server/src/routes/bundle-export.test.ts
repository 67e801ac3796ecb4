import { validateSources } from "@switchyard/definitions";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bundleExportRoutes, defaultBundleId } from "./bundle-export.js";
import { templatesRoutes } from "./templates.js";
import { type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [templatesRoutes(ctx), bundleExportRoutes(ctx)]);
  for (const tenant of ["acme", "globex"]) await api.ctx.lifecycle.whitelistBuiltins(tenant, "it");
});
afterEach(async () => {
  await api.close();
});

/** The definitions a bundle text carries, as `kind/id` (the bundle itself first). */
function definitionsOf(text: string): string[] {
  const report = validateSources([{ path: "export.bundle.yaml", text }]);
  expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return report.definitions.map((d) => `${d.kind}/${d.id}`);
}

describe("GET /api/bundles/export", () => {
  it("answers the tenant's configuration as a valid bundle file, the same bytes each time", async () => {
    const res = await api.call("GET", "/api/bundles/export", { as: "admin" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/yaml; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(
      'attachment; filename="acme.configuration.bundle.yaml"',
    );
    expect(res.text).toMatch(
      /^kind: bundle\nid: acme\.configuration\nname: acme configuration\nversion: 1\.0\.0\n/,
    );
    expect(definitionsOf(res.text)).toEqual([
      "bundle/acme.configuration",
      "entity/lead",
      "workflow/approve-lead",
    ]);
    expect((await api.call("GET", "/api/bundles/export", { as: "admin" })).text).toBe(res.text);
  });

  it("imports into another tenant, which then exports the identical text", async () => {
    const query = "?id=acme.config&name=Acme%20config&version=2.1.0";
    const exported = await api.call("GET", `/api/bundles/export${query}`, { as: "admin" });
    expect(exported.headers.get("Content-Disposition")).toBe(
      'attachment; filename="acme.config.bundle.yaml"',
    );

    // globex already has the same `lead` (deployed from differently ordered YAML): the import
    // compares definitions regardless of key order, so it is unchanged; the workflow is new.
    const imported = await api.call("POST", "/api/bundles/import", {
      as: "rival",
      body: { files: [{ path: "acme.config.bundle.yaml", text: exported.text }] },
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body).toMatchObject({
      drafts: ["approve-lead"],
      unchanged: [{ kind: "entity", id: "lead" }],
    });

    const again = await api.call("GET", `/api/bundles/export${query}`, { as: "rival" });
    expect(again.status).toBe(200);
    expect(again.text).toBe(exported.text);
  });

  it("exports only the definitions `only` names", async () => {
    const res = await api.call("GET", "/api/bundles/export?only=entity/lead", { as: "admin" });
    expect(res.status).toBe(200);
    expect(definitionsOf(res.text)).toEqual(["bundle/acme.configuration", "entity/lead"]);
    expect(res.text).not.toContain("approve-lead");

    const both = await api.call("GET", "/api/bundles/export?only=entity/lead,%20workflow/approve-lead", {
      as: "admin",
    });
    expect(definitionsOf(both.text)).toEqual([
      "bundle/acme.configuration",
      "entity/lead",
      "workflow/approve-lead",
    ]);
  });

  it.each([
    ["lead", "is not kind/id"],
    ["entity/lead/x", "is not kind/id"],
    ["entity/Lead", "is not kind/id"],
    ["bundle/acme.configuration", "which is not exported"],
    ["record/lead", "which is not exported"],
    [",", "names no definitions"],
  ])("is 400 for only=%s, naming the problem", async (only, problem) => {
    const res = await api.call("GET", `/api/bundles/export?only=${encodeURIComponent(only)}`, {
      as: "admin",
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("invalid-request");
    expect(String(res.body.error?.message)).toContain(problem);
    expect(res.body.error?.details).toEqual([expect.objectContaining({ field: "only" })]);
  });

  it("is 400 for a malformed bundle id or version, and 404 for a definition the tenant does not have", async () => {
    for (const query of ["id=Not%20An%20Id", "version=1.0", "surprise=1"]) {
      const res = await api.call("GET", `/api/bundles/export?${query}`, { as: "admin" });
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code, query).toBe("invalid-request");
    }
    const missing = await api.call("GET", "/api/bundles/export?only=workflow/no-such-flow", { as: "admin" });
    expect(missing.status).toBe(404);
    expect(String(missing.body.error?.message)).toContain("workflow/no-such-flow");
  });

  it("is 403 for callers without templates:manage, 401 for anonymous ones", async () => {
    for (const as of ["east", "approver", "viewer"] as const)
      expect((await api.call("GET", "/api/bundles/export", { as })).status, as).toBe(403);
    expect((await api.call("GET", "/api/bundles/export")).status).toBe(401);
  });
});

describe("defaultBundleId", () => {
  it("makes any tenant id a valid bundle id", () => {
    expect(defaultBundleId("acme")).toBe("acme.configuration");
    expect(defaultBundleId("Acme Corp.EU")).toBe("acme-corp-eu.configuration");
    expect(defaultBundleId("42")).toBe("tenant.configuration");
  });
});
