import { existsSync } from "node:fs";
import type { RequestListener } from "node:http";
import path from "node:path";
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import { authenticate } from "./auth/authenticate.js";
import type { ServerContext } from "./context.js";
import { errorHandler, HttpError } from "./errors.js";
import { type FrontDoor, frontDoor } from "./front-door.js";
import { ingestFastPath } from "./ingest/fast-path.js";
import { openApiRoutes } from "./openapi/index.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes } from "./routes/auth.js";
import { breakersRoutes } from "./routes/breakers.js";
import { bundleExportRoutes } from "./routes/bundle-export.js";
import { definitionsRoutes } from "./routes/definitions.js";
import { eventsRoutes } from "./routes/events.js";
import { historyRoutes } from "./routes/history.js";
import { lifecycleRoutes } from "./routes/lifecycle.js";
import { recordsRoutes } from "./routes/records.js";
import { runsRoutes } from "./routes/runs.js";
import { tasksRoutes } from "./routes/tasks.js";
import { templatesRoutes } from "./routes/templates.js";
import { userRoutes } from "./routes/users.js";
import { webhooksRoutes } from "./routes/webhooks.js";
import { whitelistRoutes } from "./routes/whitelist.js";

/**
 * The HTTP application: security headers, structured request logs, a 1 MiB JSON body limit,
 * authentication, the API under /api, liveness at /health, and one JSON error format.
 */
export function createApp(ctx: ServerContext, front: FrontDoor = frontDoor(ctx)): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(front.securityHeaders);
  if (front.requestLog) app.use(front.requestLog);
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use(front.jsonBody);
  app.use(cookieParser());
  app.use(openApiRoutes());
  app.use(authenticate(ctx));
  // Express tries routes in order: the ones machines call at volume (events, webhooks) first.
  for (const routes of [
    eventsRoutes,
    webhooksRoutes,
    authRoutes,
    userRoutes,
    definitionsRoutes,
    historyRoutes,
    lifecycleRoutes,
    runsRoutes,
    tasksRoutes,
    recordsRoutes,
    auditRoutes,
    breakersRoutes,
    whitelistRoutes,
    templatesRoutes,
    bundleExportRoutes,
  ]) {
    app.use(routes(ctx));
  }
  app.use("/api", (req) => {
    throw new HttpError(
      404,
      "no-such-endpoint",
      `There is no endpoint ${req.method} ${req.originalUrl}.`,
      "See /api/docs for the endpoints.",
    );
  });
  serveStudio(app);
  app.use(errorHandler);
  return app;
}

/**
 * The server's request listener: `POST /api/events` with an API token goes straight to the
 * ingestion fast path (same checks and answers, without Express's middleware stack), everything
 * else to the Express application.
 */
export function createRequestListener(ctx: ServerContext): RequestListener {
  const front = frontDoor(ctx);
  const app = createApp(ctx, front);
  const fast = ingestFastPath(ctx, app, front);
  return (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
}

/** Where `npm run build -w apps/web` puts the studio (same place from src/ and dist/). */
const STUDIO = path.resolve(import.meta.dirname, "../../web/dist");

/**
 * Serves the studio's built files, and its index.html for any other GET outside /api (the studio
 * routes in the browser). Without a build the server is API-only.
 */
function serveStudio(app: Express): void {
  const index = path.join(STUDIO, "index.html");
  if (!existsSync(index)) return;
  app.use(express.static(STUDIO, { index: false, maxAge: "1h" }));
  app.get(/^\/(?!api(\/|$)).*/, (_req, res) => {
    res.sendFile(index);
  });
}
