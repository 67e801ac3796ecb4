import type { IncomingMessage, ServerResponse } from "node:http";
import type { Express, Request, RequestHandler, Response } from "express";
import { bearerPrincipal } from "../auth/authenticate.js";
import { authorize } from "../auth/policy.js";
import type { ServerContext } from "../context.js";
import { errorHandler } from "../errors.js";
import type { FrontDoor } from "../front-door.js";
import { acceptEvent, ingestEndpoint, ingestStatus } from "../routes/events.js";
import { validated } from "../validation/endpoint.js";

/** A request once the JSON body parser has run. */
type Parsed = IncomingMessage & { body?: unknown };

/**
 * Claims `POST /api/events` requests that carry an `Authorization` header (machines sending
 * events with an API token) and serves them without Express's router and middleware stack, which
 * cost more than the ingestion itself. Returns false for every other request, for the Express
 * application to serve.
 *
 * Nothing is decided differently here: the request passes the same steps, in the same order, built
 * from the same functions as `createApp`'s stack — security headers, request log and JSON body
 * parser (`FrontDoor`), bearer authentication (`bearerPrincipal`), the permission check
 * (`authorize`), validation (`validated`), storing the event (`acceptEvent`), and `errorHandler`
 * for every refusal — so the answers are the Express route's, headers included (the tests compare
 * the two). Only the routing is skipped: the path is matched exactly (`/api/events`, no query, no
 * trailing slash; Express serves other spellings), and the steps the route never needed for a
 * bearer credential (cookie parsing, the OpenAPI routes, the session branch of `authenticate`)
 * are not run.
 */
export function ingestFastPath(
  ctx: ServerContext,
  app: Express,
  front: FrontDoor,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const sendJson = jsonSender(app);
  const serve = async (req: Parsed, res: ServerResponse) => {
    try {
      for (const [name, value] of front.securityHeaderList) res.setHeader(name, value);
      if (front.requestLog) await run(front.requestLog, req, res);
      await run(front.jsonBody, req, res);
      const caller = authorize(
        await bearerPrincipal(ctx, req.headers.authorization ?? "", res),
        ingestEndpoint.permission,
      );
      const { body } = validated(ingestEndpoint, req);
      const outcome = await acceptEvent(ctx, caller, body, header(req, "idempotency-key"));
      sendJson(res, ingestStatus(outcome), outcome);
    } catch (error) {
      answerError(app, error, req, res);
    }
  };
  return (req, res) => {
    if (req.method !== "POST" || req.url !== ingestEndpoint.path || req.headers.authorization === undefined)
      return false;
    void serve(req, res);
    return true;
  };
}

/**
 * `res.status(status).json(value)` as Express answers it with this app's settings — the same
 * body, `Content-Type`, `Content-Length` and (Express's own) `ETag`, in the same order — without
 * turning node's response into Express's.
 */
function jsonSender(app: Express): (res: ServerResponse, status: number, value: unknown) => void {
  const etagOf = app.get("etag fn") as ((body: string, encoding: "utf8") => string | undefined) | undefined;
  for (const setting of ["json replacer", "json spaces", "json escape"])
    if (app.get(setting) !== undefined)
      throw new TypeError(`The ingestion fast path answers as Express's defaults; '${setting}' is set.`);
  return (res, status, value) => {
    const text = JSON.stringify(value);
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Content-Length", String(Buffer.byteLength(text, "utf8")));
    const etag = etagOf?.(text, "utf8");
    if (etag) res.setHeader("ETag", etag);
    res.statusCode = status;
    res.end(text, "utf8");
  };
}

/** A request header as Express's `req.get` reads it. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Runs one middleware; resolves when it calls `next()`, rejects with what it passes to `next`. */
function run(step: RequestHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (error?: unknown) => (error === undefined ? resolve() : reject(error));
    Promise.resolve(step(req as Request, res as Response, next)).catch(reject);
  });
}

/**
 * Answers a refusal as Express's error stage would, with `errorHandler` on Express's request and
 * response (made so as `app.handle` does: the app's prototypes and the links between the two);
 * drops the connection when the headers already went out.
 */
function answerError(app: Express, error: unknown, req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const request = Object.setPrototypeOf(req, app.request) as Request;
  const response = Object.setPrototypeOf(res, app.response) as Response;
  request.res = response;
  response.req = request;
  response.locals = Object.create(null) as Response["locals"];
  request.originalUrl = request.url;
  try {
    errorHandler(error, request, response, () => {});
  } catch {
    response.destroy();
  }
}
