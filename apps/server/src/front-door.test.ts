import type { RequestHandler } from "express";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ServerContext } from "./context.js";
import { frontDoor, headersSetBy } from "./front-door.js";

const ctx = { logger: pino({ level: "silent" }) } as ServerContext;

describe("headersSetBy", () => {
  it("records helmet's headers, in order, as the fast path sets them", () => {
    const headers = frontDoor(ctx).securityHeaderList;
    expect(headers[0]?.[0]).toBe("Content-Security-Policy");
    expect(headers).toContainEqual(["X-Content-Type-Options", "nosniff"]);
    expect(headers.map(([name]) => name)).not.toContain("X-Powered-By");
  });

  it("applies removals and the last value set", () => {
    const middleware: RequestHandler = (_req, res, next) => {
      res.setHeader("A", "1");
      res.setHeader("B", "2");
      res.setHeader("a", "3");
      res.removeHeader("B");
      next();
    };
    expect(headersSetBy(middleware)).toEqual([["a", "3"]]);
  });

  it("refuses a middleware whose headers depend on the request", () => {
    const middleware: RequestHandler = (req, res, next) => {
      res.setHeader("X-Path", req.path);
      next();
    };
    expect(() => headersSetBy(middleware)).toThrow(/read req\.path/);
  });

  it("refuses a middleware that does not call next at once", () => {
    const middleware: RequestHandler = (_req, _res, next) => {
      setImmediate(next);
    };
    expect(() => headersSetBy(middleware)).toThrow(/did not call next/);
  });
});
