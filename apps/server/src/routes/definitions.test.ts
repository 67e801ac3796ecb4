import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { definitionsRoutes } from "./definitions.js";
import { APPROVAL_WORKFLOW, type TestApi, type TestUser, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [definitionsRoutes(ctx)]);
});
afterEach(async () => {
  await api.close();
});

const workflow = (id: string, region: string, extra = "") => `kind: workflow
id: ${id}
name: ${id}
owner: ops@acme.example
region: ${region}
entity: lead
triggers:
  - type: event
    event: lead.received
start: tag
steps:
  - id: tag
    component: core.set
    config: { fields: { r: "record.name" } }
${extra}`;

const saveDraft = (kind: string, id: string, source: string, as: TestUser = "east") =>
  api.call("PUT", `/api/definitions/${kind}/${id}/draft`, { as, body: { source } });

describe("definitions API", () => {
  it("lists live definitions with region and owner, and drafts beside them", async () => {
    await saveDraft("workflow", "new-flow", workflow("new-flow", "east"));
    const res = await api.call("GET", "/api/definitions", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body.definitions).toEqual([
      expect.objectContaining({ kind: "entity", id: "lead", version: 1, status: "live" }),
      expect.objectContaining({
        kind: "workflow",
        id: "approve-lead",
        version: 1,
        status: "live",
        region: "east",
        owner: "ops@acme.example",
        updatedBy: "tester",
      }),
      expect.objectContaining({
        kind: "workflow",
        id: "new-flow",
        version: null,
        status: "draft",
        region: "east",
      }),
    ]);
    const entities = await api.call("GET", "/api/definitions?kind=entity", { as: "viewer" });
    expect(entities.body.definitions?.length).toBe(1);
  });

  it("reads a definition's latest version (body and source), its draft and its versions", async () => {
    const res = await api.call("GET", "/api/definitions/workflow/approve-lead", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: "workflow",
      id: "approve-lead",
      latest: {
        version: 1,
        status: "live",
        source: APPROVAL_WORKFLOW,
        body: { id: "approve-lead", region: "east" },
      },
      draft: null,
    });
    const versions = await api.call("GET", "/api/definitions/workflow/approve-lead/versions", {
      as: "viewer",
    });
    expect(versions.body.versions).toEqual([
      expect.objectContaining({ version: 1, status: "live", createdBy: "tester" }),
    ]);
  });

  it("saves a valid draft (ok) checked against the tenant's live entity", async () => {
    const res = await saveDraft("workflow", "new-flow", workflow("new-flow", "east"));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, diagnostics: [] });
    const read = await api.call("GET", "/api/definitions/workflow/new-flow", { as: "east" });
    expect(read.body).toMatchObject({
      latest: null,
      draft: { source: workflow("new-flow", "east"), updatedBy: "east" },
    });
  });

  it("saves an invalid draft too, with located diagnostics and ok: false", async () => {
    const source = workflow("new-flow", "east")
      .replace("record.name", "record.nmae")
      .replace("entity: lead", "entity: leed");
    const res = await saveDraft("workflow", "new-flow", source);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "ref/unknown-entity",
          file: "new-flow.workflow.yaml",
          line: 6,
          severity: "error",
        }),
      ]),
    );
    expect((await api.ctx.store.getDraft("acme", "workflow", "new-flow"))?.source).toBe(source);
  });

  it("saves a draft whose YAML does not even parse yet", async () => {
    const res = await saveDraft("workflow", "new-flow", "kind: workflow\nid: [new-flow\n");
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.diagnostics?.[0]?.code).toMatch(/^yaml\//);
  });

  it("refuses (400) a draft whose kind or id differs from the URL, and saves nothing", async () => {
    const otherId = await saveDraft("workflow", "new-flow", workflow("other-flow", "east"));
    expect(otherId.status).toBe(400);
    expect(otherId.body.error?.code).toBe("definition-mismatch");
    const otherKind = await saveDraft("entity", "new-flow", workflow("new-flow", "east"));
    expect(otherKind.status).toBe(400);
    expect(await api.ctx.store.listDrafts("acme")).toEqual([]);
  });

  it("lets a regional director edit only their region's workflows (403 naming the region)", async () => {
    const west = await saveDraft("workflow", "new-flow", workflow("new-flow", "east"), "west");
    expect(west.status).toBe(403);
    expect(west.body.error?.message).toContain("'east'");
    // Moving another region's live workflow into one's own region is refused too.
    const moved = await saveDraft(
      "workflow",
      "approve-lead",
      APPROVAL_WORKFLOW.replace("region: east", "region: west"),
      "west",
    );
    expect(moved.status).toBe(403);
    expect(moved.body.error?.message).toContain("'east'");
    expect((await saveDraft("workflow", "new-flow", workflow("new-flow", "west"), "admin")).status).toBe(200);
    expect(await api.ctx.store.listDrafts("acme")).toHaveLength(1);
  });

  it("validates files without saving them", async () => {
    const res = await api.call("POST", "/api/definitions/validate", {
      as: "viewer",
      body: {
        files: [
          {
            path: "lead.entity.yaml",
            text: "kind: entity\nid: lead\nlabel: Lead\nschema: { type: object, properties: { name: { type: string } } }\n",
          },
          { path: "flow.workflow.yaml", text: workflow("flow", "east").replace("start: tag", "start: nope") },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.diagnostics).toEqual([
      expect.objectContaining({ file: "flow.workflow.yaml", line: 10, column: 8, hint: expect.any(String) }),
    ]);
    expect(res.body.definitions).toEqual([
      { file: "lead.entity.yaml", kind: "entity", id: "lead", valid: true },
      { file: "flow.workflow.yaml", kind: "workflow", id: "flow", valid: false },
    ]);
    expect(await api.ctx.store.listDrafts("acme")).toEqual([]);
  });

  it("validates files against the tenant's live definitions, reporting only the files' own problems", async () => {
    const alone = { path: "flow.workflow.yaml", text: workflow("flow", "east") };
    const ok = await api.call("POST", "/api/definitions/validate", {
      as: "viewer",
      body: { files: [alone] },
    });
    expect(ok.body.ok).toBe(true);
    const broken = {
      path: "flow.workflow.yaml",
      text: workflow("flow", "east").replace("entity: lead", "entity: leed"),
    };
    const bad = await api.call("POST", "/api/definitions/validate", {
      as: "viewer",
      body: { files: [broken] },
    });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.diagnostics).toEqual([
      expect.objectContaining({ code: "ref/unknown-entity", file: "flow.workflow.yaml" }),
    ]);
  });

  it("answers 400 for malformed requests", async () => {
    const cases: [string, string, unknown][] = [
      ["PUT", "/api/definitions/workflow/new-flow/draft", { source: 42 }],
      ["PUT", "/api/definitions/workflow/new-flow/draft", { source: "x", region: "east" }],
      ["PUT", "/api/definitions/flow/new-flow/draft", { source: "x" }],
      ["PUT", "/api/definitions/workflow/New_Flow/draft", { source: "x" }],
      ["POST", "/api/definitions/validate", { files: "lead.yaml" }],
      ["POST", "/api/definitions/validate", { files: [{ path: "a.yaml" }] }],
    ];
    for (const [method, path, body] of cases) {
      const res = await api.call(method, path, { as: "admin", body });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error?.code).toBe("invalid-request");
    }
    expect(await api.ctx.store.listDrafts("acme")).toEqual([]);
  });

  it("shows nothing of another tenant's definitions", async () => {
    await saveDraft("workflow", "new-flow", workflow("new-flow", "east"));
    expect((await api.call("GET", "/api/definitions/workflow/new-flow", { as: "rival" })).status).toBe(404);
    expect((await api.call("GET", "/api/definitions/workflow/approve-lead", { as: "rival" })).status).toBe(
      404,
    );
    expect(
      (await api.call("GET", "/api/definitions/workflow/approve-lead/versions", { as: "rival" })).status,
    ).toBe(404);
    const listed = await api.call("GET", "/api/definitions", { as: "rival" });
    expect(listed.body.definitions).toEqual([expect.objectContaining({ kind: "entity", id: "lead" })]);
  });

  it("needs definitions:read to read and definitions:edit to save", async () => {
    expect((await api.call("GET", "/api/definitions")).status).toBe(401);
    expect((await saveDraft("workflow", "new-flow", workflow("new-flow", "east"), "viewer")).status).toBe(
      403,
    );
    expect(await api.ctx.store.listDrafts("acme")).toEqual([]);
  });
});
