import { createRequire } from "node:module";
import path from "node:path";
import { Router } from "express";
import type { Endpoint } from "../validation/endpoint.js";
import { openApiDocument } from "./document.js";

/** The files of swagger-ui-dist the docs page loads; nothing else from the package is served. */
const ASSETS: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css",
  "swagger-ui-bundle.js": "text/javascript",
  "swagger-ui-standalone-preset.js": "text/javascript",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

// No inline script: the page stays within a `script-src 'self'` Content-Security-Policy.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Switchyard API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

const INIT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    withCredentials: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
});
`;

/**
 * The OpenAPI document at `/api/openapi.json` and its docs page at `/api/docs` (Swagger UI, served
 * from swagger-ui-dist: no CDN). Public: mount at the root, before authentication.
 */
export function openApiRoutes(extra: readonly Endpoint[] = []): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  const assets = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

  router.get("/api/openapi.json", (_req, res) => {
    document ??= openApiDocument(extra);
    res.json(document);
  });
  router.get("/api/docs", (_req, res) => {
    res.type("html").send(PAGE);
  });
  router.get("/api/docs/init.js", (_req, res) => {
    res.type("text/javascript").send(INIT);
  });
  router.get("/api/docs/:file", (req, res, next) => {
    const type = Object.hasOwn(ASSETS, req.params.file) ? ASSETS[req.params.file] : undefined;
    if (!type) {
      next();
      return;
    }
    res.type(type).sendFile(req.params.file, { root: assets, maxAge: "1d" });
  });
  return router;
}
