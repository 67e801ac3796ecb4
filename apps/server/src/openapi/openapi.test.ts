import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CSRF_HEADER } from "../auth/csrf.js";
import { SESSION_COOKIE } from "../auth/sessions.js";
import { definitionsRoutes } from "../routes/definitions.js";
import { eventsRoutes } from "../routes/events.js";
import { recordsRoutes } from "../routes/records.js";
import { runsRoutes } from "../routes/runs.js";
import { tasksRoutes } from "../routes/tasks.js";
import { templatesRoutes } from "../routes/templates.js";
import { auditRoutes } from "../routes/audit.js";
import { breakersRoutes } from "../routes/breakers.js";
import { bundleExportRoutes } from "../routes/bundle-export.js";
import { historyRoutes } from "../routes/history.js";
import { lifecycleRoutes } from "../routes/lifecycle.js";
import { whitelistRoutes } from "../routes/whitelist.js";
import { type TestApi, testApi } from "../routes/testing.js";
import { webhooksRoutes } from "../routes/webhooks.js";
import { compileRequestSchema } from "../validation/schema.js";
import { API_ENDPOINTS, openApiDocument, openApiRoutes } from "./index.js";

vi.mock("../auth/policy.js", async () => (await import("../routes/testing.js")).fakePolicy);

type Node = { readonly [key: string]: unknown };

/** Every `$ref` in the document, with where it was found. */
function refs(value: unknown, at = "#"): [string, string][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === "$ref" && typeof child === "string"
      ? [[at, child] as [string, string]]
      : refs(child, `${at}/${key}`),
  );
}

function resolve(document: Node, pointer: string): unknown {
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>(
      (node, key) => (node as Node | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")],
      document,
    );
}

describe("the OpenAPI document", () => {
  const document = openApiDocument() as Node & {
    paths: Record<string, Record<string, Node>>;
    components: Node;
  };

  it("is OpenAPI 3.1 with the security schemes: session cookie + CSRF header, bearer token", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes).toEqual({
      session: expect.objectContaining({ type: "apiKey", in: "cookie", name: SESSION_COOKIE }),
      csrf: expect.objectContaining({ type: "apiKey", in: "header", name: CSRF_HEADER }),
      bearer: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    expect(document.paths["/api/records/{entity}/{id}"]?.put?.security).toEqual([
      { session: [], csrf: [] },
      { bearer: [] },
    ]);
  });

  it("documents every endpoint the routers bind, with its request schema", () => {
    for (const e of API_ENDPOINTS) {
      const op = document.paths[e.path]?.[e.method];
      expect(op, `${e.method} ${e.path}`).toMatchObject({
        operationId: e.operationId,
        "x-permission": e.permission,
      });
      if (e.body)
        expect(op?.requestBody).toEqual({
          required: true,
          content: { "application/json": { schema: e.body } },
        });
    }
    const ids = API_ENDPOINTS.map((e) => e.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares every path parameter its path names", () => {
    for (const [path, ops] of Object.entries(document.paths))
      for (const op of Object.values(ops)) {
        const named = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const declared = ((op.parameters ?? []) as { in: string; name: string }[])
          .filter((p) => p.in === "path")
          .map((p) => p.name);
        expect(declared, path).toEqual(named);
      }
  });

  it("resolves every $ref inside the document, including the definition kinds' schemas", () => {
    const local = refs(document).filter(([, ref]) => ref.startsWith("#/"));
    expect(local.length).toBeGreaterThan(20);
    for (const [at, ref] of local) expect(resolve(document, ref), `${ref} at ${at}`).toBeDefined();
    expect(Object.keys(document.components.schemas as Node)).toEqual(
      expect.arrayContaining(["Workflow", "Entity", "Form", "Component", "Variant", "Bundle", "Definition"]),
    );
  });

  it("has request schemas that compile under strict Ajv", () => {
    for (const e of API_ENDPOINTS)
      for (const schema of [e.params, e.query, e.body, ...(e.headers ?? []).map((h) => h.schema)])
        if (schema) expect(() => compileRequestSchema(schema), e.operationId).not.toThrow();
  });
});

describe("the documentation routes", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi((ctx) => [
      definitionsRoutes(ctx),
      runsRoutes(ctx),
      tasksRoutes(ctx),
      eventsRoutes(ctx),
      webhooksRoutes(ctx),
      recordsRoutes(ctx),
      auditRoutes(ctx),
      lifecycleRoutes(ctx),
      historyRoutes(ctx),
      breakersRoutes(ctx),
      whitelistRoutes(ctx),
      templatesRoutes(ctx),
      bundleExportRoutes(ctx),
      openApiRoutes(),
    ]);
  });
  afterAll(async () => {
    await api.close();
  });

  it("serves the document at /api/openapi.json without authentication", async () => {
    const res = await api.call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
  });

  it("serves a docs page that loads Swagger UI from this server (no CDN) and points it at the document", async () => {
    const page = await api.call("GET", "/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>/);
    const scripts = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    for (const src of scripts) expect((await api.call("GET", src)).status, src).toBe(200);
    expect((await api.call("GET", "/api/docs/init.js")).text).toContain('url: "/api/openapi.json"');
    expect((await api.call("GET", "/api/docs/package.json")).status).toBe(404);
  });

  it("leaves paths the routers do not document to the application (no 401 or 403 for them)", async () => {
    for (const path of ["/api/nothing", "/api/definitions-old", "/api/records"]) {
      const res = await api.call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type"), path).toContain("text/html");
    }
  });

  it("has a route behind every documented operation (answers JSON, never the framework's 404 page)", async () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(document.paths))
      for (const method of Object.keys(ops)) {
        if (path === "/api/docs") continue;
        const url = path.replace(/\{[^}]+\}/g, "x");
        const res = await api.call(method.toUpperCase(), url, {
          as: "admin",
          ...(method === "get" ? {} : { body: {} }),
        });
        // Every answer is JSON, but for the bundle export's file (YAML).
        const type = path === "/api/bundles/export" ? /^text\/yaml/ : /json/;
        expect(res.headers.get("Content-Type") ?? "", `${method} ${url} → ${res.status}`).toMatch(type);
      }
  });
});
