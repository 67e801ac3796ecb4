import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Engine, Lifecycle } from "@switchyard/runtime";
import { openSqliteStore } from "@switchyard/store";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, createRequestListener } from "../app.js";
import { sha256 } from "../auth/secrets.js";
import { createUser } from "../auth/users.js";
import type { ServerContext } from "../context.js";
import { frontDoor } from "../front-door.js";
import { ingestFastPath } from "./fast-path.js";

// The fast path must answer every POST /api/events exactly as the Express route does: the same
// requests go to two servers over identical fresh stores — one with the fast path in front, one the
// Express application alone — and status, headers (all but Date) and bodies must match.

const PASSWORD = "correct horse battery";
const NOW = Date.parse("2030-01-01T09:00:00Z");
/** Fixed bearer tokens, stored by hash as `issueToken` stores them, so both worlds accept the same ones. */
const TOKENS = {
  admin: `sy_${"a".repeat(43)}`,
  viewer: `sy_${"v".repeat(43)}`,
  revoked: `sy_${"r".repeat(43)}`,
  disabled: `sy_${"d".repeat(43)}`,
  unknown: `sy_${"u".repeat(43)}`,
};

interface World {
  readonly ctx: ServerContext;
  readonly port: number;
  /** How many requests the fast path served (0 for the Express-only world). */
  claimed(): number;
  close(): Promise<void>;
}

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/** A fresh store with tenant acme: an IT admin, a viewer and a disabled user, each with a token. */
async function world(fast: boolean): Promise<World> {
  const store = openSqliteStore(":memory:");
  await store.ensureTenant("acme", "Acme");
  const engine = new Engine({ store });
  const lifecycle = new Lifecycle({ engine, store });
  const ctx: ServerContext = { store, engine, lifecycle, now: () => NOW, logger: pino({ level: "silent" }) };
  const user = async (username: string, roles: ("it-admin" | "viewer")[], disabled = false) => {
    const { id } = await createUser(
      store,
      { tenantId: "acme", username, displayName: username, password: PASSWORD, roles },
      NOW,
    );
    if (disabled) await store.auth.updateMember("acme", id, { disabled: true });
    return id;
  };
  const token = async (name: keyof typeof TOKENS, userId: string, revokedAt: number | null = null) =>
    store.auth.createToken({
      id: `tok_${name}`,
      tokenHash: sha256(TOKENS[name]),
      name,
      userId,
      tenantId: "acme",
      createdAt: NOW,
      lastUsedAt: null,
      revokedAt,
    });
  const admin = await user("ada", ["it-admin"]);
  await token("admin", admin);
  await token("revoked", admin, NOW);
  await token("viewer", await user("vic", ["viewer"]));
  await token("disabled", await user("dan", ["it-admin"], true));
  const front = frontDoor(ctx);
  const app = createApp(ctx, front);
  const fastPath = ingestFastPath(ctx, app, front);
  let claimed = 0;
  const server: Server = createServer((req, res) => {
    if (fast && fastPath(req, res)) claimed++;
    else app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const w: World = {
    ctx,
    port: (server.address() as AddressInfo).port,
    claimed: () => claimed,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await engine.close();
      await store.close();
    },
  };
  worlds.push(w);
  return w;
}

interface Answer {
  readonly status: number;
  /** Response headers as sent (names, values, order), without Date. */
  readonly headers: string[];
  readonly body: string;
}

interface Call {
  readonly path?: string;
  readonly token?: keyof typeof TOKENS;
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless a string or Buffer (sent as is). */
  readonly body?: unknown;
}

/** Sends one request with node's client (full control over headers and bytes). */
function send(port: number, call: Call): Promise<Answer> {
  const body =
    call.body === undefined
      ? undefined
      : Buffer.isBuffer(call.body)
        ? call.body
        : Buffer.from(typeof call.body === "string" ? call.body : JSON.stringify(call.body));
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { "content-type": "application/json", "content-length": `${body.length}` }),
    ...(call.token ? { authorization: `Bearer ${TOKENS[call.token]}` } : {}),
    ...call.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: "POST", path: call.path ?? "/api/events", headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = res.rawHeaders;
          const kept: string[] = [];
          for (let i = 0; i < raw.length; i += 2)
            if (raw[i]?.toLowerCase() !== "date") kept.push(`${raw[i]}: ${raw[i + 1]}`);
          resolve({ status: res.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks).toString() });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The same calls, in order, against a world with the fast path and one without. */
async function both(calls: readonly Call[]) {
  const fast = await world(true);
  const plain = await world(false);
  const viaFast: Answer[] = [];
  const viaExpress: Answer[] = [];
  for (const call of calls) {
    viaFast.push(await send(fast.port, call));
    viaExpress.push(await send(plain.port, call));
  }
  return { viaFast, viaExpress, fast, plain };
}

const event = { type: "lead.received", payload: { name: "Acme", amount: 750 } };

describe("the ingestion fast path", () => {
  it("serves POST /api/events with a bearer token, and leaves every other request to Express", async () => {
    const { viaFast, fast } = await both([
      { token: "admin", body: event },
      { token: "admin", body: event, path: "/api/events?x=1" },
      { token: "admin", body: event, path: "/api/events/" },
      { body: event },
    ]);
    expect(viaFast.map((a) => a.status)).toEqual([202, 202, 202, 401]);
    expect(fast.claimed()).toBe(1);
  });

  it("answers a new event, a repeated key and a reused key exactly as the Express route", async () => {
    const key = (k: string) => ({ "Idempotency-Key": k });
    const { viaFast, viaExpress, fast } = await both([
      { token: "admin", body: event, headers: key("order-42") },
      { token: "admin", body: event, headers: key("order-42") },
      { token: "admin", body: { type: "shop.registered", payload: {} }, headers: key("order-42") },
      { token: "admin", body: { ...event, id: "evt-1" } },
      { token: "admin", body: { ...event, id: "evt-1" } },
    ]);
    expect(viaFast.map((a) => a.status)).toEqual([202, 200, 409, 202, 200]);
    expect(viaFast).toEqual(viaExpress);
    expect(fast.claimed()).toBe(5);
    expect(await fast.ctx.store.pendingEvents(10)).toHaveLength(2);
  });

  it("stores an event without a key under a new id each time, with the Express route's headers", async () => {
    const { viaFast, viaExpress, fast } = await both([{ token: "admin", body: event }]);
    const [a, b] = [viaFast[0], viaExpress[0]];
    expect(a?.status).toBe(202);
    // The ids are random, so the body, its length and its ETag differ; nothing else may.
    const fixed = (x: Answer | undefined) => x?.headers.filter((h) => !/^(content-length|etag):/i.test(h));
    expect(fixed(a)).toEqual(fixed(b));
    const { eventId } = JSON.parse(a?.body ?? "{}") as { eventId: string };
    expect(await fast.ctx.store.getEvent("acme", eventId)).toMatchObject({
      type: "lead.received",
      source: "api",
      payload: event.payload,
    });
  });

  it("refuses bad bodies and headers exactly as the Express route, storing nothing", async () => {
    const { viaFast, viaExpress, fast } = await both([
      { token: "admin", body: "{oops" },
      { token: "admin", body: '"just a string"' },
      { token: "admin", body: "" },
      { token: "admin", body: JSON.stringify(event), headers: { "content-type": "text/plain" } },
      {
        token: "admin",
        body: JSON.stringify(event),
        headers: { "content-type": "application/json; charset=latin1" },
      },
      { token: "admin", body: { type: "Lead Received", payload: {} } },
      { token: "admin", body: { type: "lead.received" } },
      { token: "admin", body: { ...event, tenant: "globex" } },
      { token: "admin", body: event, headers: { "Idempotency-Key": "has space" } },
      { token: "admin", body: { ...event, payload: { blob: "x".repeat(1_100_000) } } },
      { token: "admin", body: gzipSync(JSON.stringify(event)), headers: { "content-encoding": "gzip" } },
      { token: "admin", body: "x", headers: { "content-encoding": "br-nope" } },
    ]);
    expect(viaFast.map((a) => a.status)).toEqual([
      400, 400, 400, 400, 415, 400, 400, 400, 400, 413, 202, 415,
    ]);
    // The gzipped event's id is random; compare its status and headers apart from the id's.
    const fixed = (answers: Answer[]) =>
      answers.map((a, i) => (i === 10 ? a.headers.filter((h) => !/^(content-length|etag):/i.test(h)) : a));
    expect(fixed(viaFast)).toEqual(fixed(viaExpress));
    expect(JSON.parse(viaFast[0]?.body ?? "{}")).toMatchObject({ error: { code: "bad-json" } });
    expect(fast.claimed()).toBe(12);
    expect(await fast.ctx.store.pendingEvents(10)).toHaveLength(1);
  });

  it("refuses missing, malformed, unknown, revoked and disabled credentials and wrong roles as the Express route", async () => {
    const { viaFast, viaExpress, fast } = await both([
      { body: event },
      { body: event, headers: { authorization: "Basic YWRhOnB3" } },
      { body: event, headers: { authorization: "" } },
      { token: "unknown", body: event },
      { token: "revoked", body: event },
      { token: "disabled", body: event },
      { token: "viewer", body: event },
      // The body is read before the credential is checked, on both paths.
      { token: "unknown", body: "{oops" },
    ]);
    expect(viaFast.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401, 403, 400]);
    expect(viaFast).toEqual(viaExpress);
    expect(viaFast[4]?.headers).toContain(
      'WWW-Authenticate: Bearer realm="switchyard", error="invalid_token"',
    );
    expect(JSON.parse(viaFast[6]?.body ?? "{}")).toMatchObject({
      error: { code: "forbidden", hint: "Ask an IT admin for the role this needs." },
    });
    expect(fast.claimed()).toBe(7);
    expect(await fast.ctx.store.pendingEvents(10)).toEqual([]);
  });
});

describe("API tokens on the fast path", () => {
  /** The production listener over a fresh store, with an IT admin signed in (session and CSRF token). */
  async function signedIn() {
    const store = openSqliteStore(":memory:");
    await store.ensureTenant("acme", "Acme");
    const engine = new Engine({ store });
    const lifecycle = new Lifecycle({ engine, store });
    const ctx: ServerContext = { store, engine, lifecycle, now: Date.now, logger: pino({ level: "silent" }) };
    await createUser(
      store,
      { tenantId: "acme", username: "root", displayName: "Root", password: PASSWORD, roles: ["it-admin"] },
      Date.now(),
    );
    const server = createServer(createRequestListener(ctx));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    worlds.push({
      ctx,
      port: 0,
      claimed: () => 0,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await engine.close();
        await store.close();
      },
    });
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "root", password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const session = {
      cookie: (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      "x-csrf-token": csrfToken,
      "content-type": "application/json",
    };
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: session,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const ingest = async (token: string) =>
      (
        await fetch(`${base}/api/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(event),
        })
      ).status;
    return { base, admin, ingest };
  }

  it("stop working as soon as they are revoked, though their principal was cached", async () => {
    const { admin, ingest } = await signedIn();
    const { id, token } = (await (await admin("POST", "/api/auth/tokens", { name: "ci" })).json()) as {
      id: string;
      token: string;
    };
    expect(await ingest(token)).toBe(202);
    expect((await admin("DELETE", `/api/auth/tokens/${id}`)).status).toBe(204);
    expect(await ingest(token)).toBe(401);
  });

  it("follow their user's role changes and disabling at once", async () => {
    const { base, admin, ingest } = await signedIn();
    const created = await admin("POST", "/api/users", {
      username: "feed",
      displayName: "Feed",
      password: PASSWORD,
      roles: ["process-owner"],
      region: "east",
    });
    const { id: userId } = (await created.json()) as { id: string };
    // A token can only be made by its user, signed in.
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "feed", password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const mint = await fetch(`${base}/api/auth/tokens`, {
      method: "POST",
      headers: {
        cookie: (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
        "x-csrf-token": csrfToken,
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: "feed" }),
    });
    const { token } = (await mint.json()) as { token: string };
    expect(await ingest(token)).toBe(202);
    expect((await admin("PATCH", `/api/users/${userId}`, { roles: ["viewer"] })).status).toBe(200);
    expect(await ingest(token)).toBe(403);
    expect((await admin("PATCH", `/api/users/${userId}`, { roles: ["process-owner"] })).status).toBe(200);
    expect(await ingest(token)).toBe(202);
    expect((await admin("PATCH", `/api/users/${userId}`, { disabled: true })).status).toBe(200);
    expect(await ingest(token)).toBe(401);
  });
});
