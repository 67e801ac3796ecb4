import type { AddressInfo } from "node:net";
import type { Engine, Lifecycle } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import cookieParser from "cookie-parser";
import express from "express";
import { pino } from "pino";
import type { ServerContext } from "../context.js";
import { errorHandler } from "../errors.js";
import { authRoutes } from "../routes/auth.js";
import { userRoutes } from "../routes/users.js";
import { authenticate } from "./authenticate.js";
import type { Role } from "./principal.js";
import { createUser } from "./users.js";

// A tiny app for the auth and user routes' tests: a fresh in-memory store with two tenants, a
// clock the test moves, and the routes on an ephemeral port. Test-only; not exported by the package.

/** A password long enough for the policy, shared by the users tests create. */
export const TEST_PASSWORD = "correct horse battery";

/** What a call returned: status, headers and parsed JSON body (undefined when there is none). */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // Tests read arbitrary fields of the JSON they get back.
  readonly body: Record<string, unknown> & { error?: { code: string; message: string; details: unknown[] } };
}

/** Credentials for a call: a session (cookie and, for unsafe methods, its CSRF token) or a token. */
export interface Credentials {
  readonly cookie?: string;
  readonly csrf?: string;
  readonly token?: string;
}

/** A running test app. */
export interface TestApp {
  readonly ctx: ServerContext;
  /** The clock the server reads (`ctx.now`); move it to expire sessions. */
  readonly clock: { now: number };
  call(
    method: string,
    path: string,
    options?: Credentials & { body?: unknown; rawBody?: string },
  ): Promise<Reply>;
  /** Signs in and returns the session cookie (`sy_session=…`), the CSRF token and the reply. */
  login(username: string, tenant?: string): Promise<{ cookie: string; csrf: string; reply: Reply }>;
  addUser(
    tenantId: string,
    username: string,
    roles: readonly Role[],
    extra?: { region?: string; managerId?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

/** Starts the auth and user routes on 127.0.0.1 with tenants `acme` and `globex`. */
export async function startTestApp(): Promise<TestApp> {
  const store = openSqliteStore(":memory:");
  await store.ensureTenant("acme", "Acme");
  await store.ensureTenant("globex", "Globex");
  const clock = { now: Date.parse("2030-01-01T09:00:00Z") };
  const unusedEngine = new Proxy({} as Engine, {
    get: () => {
      throw new TypeError("The auth routes do not use the engine.");
    },
  });
  const unusedLifecycle = new Proxy({} as Lifecycle, {
    get: () => {
      throw new TypeError("The auth routes do not use the lifecycle.");
    },
  });
  const ctx: ServerContext = {
    store,
    engine: unusedEngine,
    lifecycle: unusedLifecycle,
    now: () => clock.now,
    logger: pino({ level: "silent" }),
  };
  const app = express();
  app.use(express.json());
  app.use(cookieParser());
  app.use(authenticate(ctx));
  app.use(authRoutes(ctx));
  app.use(userRoutes(ctx));
  app.use(errorHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call: TestApp["call"] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.csrf) headers["x-csrf-token"] = options.csrf;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };

  return {
    ctx,
    clock,
    call,
    async login(username, tenant) {
      const reply = await call("POST", "/api/auth/login", {
        body: { username, password: TEST_PASSWORD, ...(tenant ? { tenant } : {}) },
      });
      const setCookie = reply.headers.get("set-cookie") ?? "";
      return { cookie: setCookie.split(";")[0] ?? "", csrf: String(reply.body?.csrfToken), reply };
    },
    async addUser(tenantId, username, roles, extra = {}) {
      const user = await createUser(
        store,
        { tenantId, username, displayName: username, password: TEST_PASSWORD, roles, ...extra },
        clock.now,
      );
      return user.id;
    },
    async close() {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await store.close();
    },
  };
}
