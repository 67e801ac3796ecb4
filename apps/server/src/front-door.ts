import express, { type Request, type RequestHandler, type Response } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { ServerContext } from "./context.js";

/**
 * What every API request passes before authentication, built once per server and shared by the
 * Express application (app.ts) and the ingestion fast path (ingest/fast-path.ts), so both set the
 * same headers, log alike and parse bodies by the same rules.
 */
export interface FrontDoor {
  /** Helmet's security headers. */
  readonly securityHeaders: RequestHandler;
  /**
   * The headers `securityHeaders` sets, in its order, recorded once: they depend on nothing in the
   * request, so the fast path sets them without running helmet's dozen middlewares per request.
   */
  readonly securityHeaderList: readonly (readonly [string, string])[];
  /** The structured request log; undefined when logging is off (there would be nothing to write). */
  readonly requestLog: RequestHandler | undefined;
  /** JSON bodies up to 1 MiB, objects and arrays only; 400/413/415 through the error handler. */
  readonly jsonBody: RequestHandler;
}

/** The front door for a server's context. */
export function frontDoor(ctx: ServerContext): FrontDoor {
  // Served over plain http on 127.0.0.1 by default, so no upgrade-insecure-requests.
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  return {
    securityHeaders,
    securityHeaderList: headersSetBy(securityHeaders),
    // Request logs cost ~5% of a small request; with logging off there is nothing to write.
    requestLog:
      ctx.logger.level === "silent"
        ? undefined
        : pinoHttp({ logger: ctx.logger, autoLogging: { ignore: (req) => req.url === "/health" } }),
    jsonBody: express.json({ limit: "1mb", strict: true }),
  };
}

/**
 * The headers a middleware sets on a response, in order, when run once on a blank request. Throws
 * when it does anything else (reads the request, calls `next` later or with an error), as a
 * middleware whose headers depend on the request would.
 */
export function headersSetBy(middleware: RequestHandler): [string, string][] {
  const headers = new Map<string, [string, string]>();
  const response = {
    setHeader(name: string, value: unknown) {
      headers.delete(name.toLowerCase());
      headers.set(name.toLowerCase(), [name, String(value)]);
      return response;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  const request = new Proxy(
    {},
    {
      get(_target, key) {
        throw new TypeError(`the middleware read req.${String(key)}; its headers cannot be recorded once`);
      },
    },
  );
  let called = false;
  void middleware(request as Request, response as unknown as Response, (error?: unknown) => {
    if (error !== undefined) throw error;
    called = true;
  });
  if (!called)
    throw new TypeError("the middleware did not call next() at once; its headers cannot be recorded");
  return [...headers.values()];
}
