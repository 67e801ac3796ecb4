import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from "../auth/sessions.js";
import { startTestApp, TEST_PASSWORD, type TestApp } from "../auth/testing.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

const HOUR = 60 * 60 * 1000;

describe("POST /api/auth/login", () => {
  it("signs in, sets a hardened session cookie and returns the CSRF token", async () => {
    const id = await app.addUser("acme", "ada", ["it-admin"]);
    const { reply } = await app.login("ada");
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      user: { id, username: "ada", displayName: "ada" },
      tenant: "acme",
      roles: ["it-admin"],
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = reply.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^sy_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain(`Max-Age=${SESSION_IDLE_MS / 1000}`);
    expect(cookie).not.toContain("Secure"); // plain HTTP here; HTTPS requests get Secure
    expect(reply.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(reply.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it("gives a wrong password, an unknown user and a disabled account the same answer", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const disabled = await app.addUser("acme", "dora", ["viewer"]);
    await app.ctx.store.auth.updateMember("acme", disabled, { disabled: true });
    const attempt = (username: string, password: string) =>
      app.call("POST", "/api/auth/login", { body: { username, password } });
    const replies = [
      await attempt("ada", "not the password"),
      await attempt("nobody", TEST_PASSWORD),
      await attempt("dora", TEST_PASSWORD),
    ];
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(replies[1]?.body).toEqual(replies[0]?.body);
    expect(replies[2]?.body).toEqual(replies[0]?.body);
    expect(replies[0]?.body.error?.message).toBe("The username or password is wrong.");
    expect(replies.some((r) => r.headers.has("set-cookie"))).toBe(false);
  });

  it("answers 429 with Retry-After after 5 failed attempts for one username, even with the right password", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    await app.addUser("acme", "bob", ["viewer"]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await app.call("POST", "/api/auth/login", { body: { username: "ada", password: "wrong" } })).status,
      );
    const blocked = await app.login("ada");
    const otherUser = await app.login("bob");
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(blocked.reply.status).toBe(429);
    expect(blocked.reply.body.error?.code).toBe("rate-limited");
    expect(Number(blocked.reply.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(otherUser.reply.status).toBe(200);
  });

  it("makes a user of several tenants name one, and signs them in to that one", async () => {
    const id = await app.addUser("acme", "mia", ["viewer"]);
    await app.ctx.store.auth.addMembership({
      tenantId: "globex",
      userId: id,
      roles: ["it-admin"],
      region: null,
      managerId: null,
    });
    const unnamed = await app.login("mia");
    const globex = await app.login("mia", "globex");
    const stranger = await app.login("mia", "initech");
    expect(unnamed.reply.status).toBe(400);
    expect(unnamed.reply.body.error).toMatchObject({
      code: "tenant-required",
      details: [{ field: "tenant", message: "is required: one of acme, globex" }],
    });
    expect(globex.reply.body).toMatchObject({ tenant: "globex", roles: ["it-admin"] });
    expect(stranger.reply.status).toBe(403);
    const me = await app.call("GET", "/api/auth/me", { cookie: globex.cookie });
    expect(me.body).toMatchObject({ tenant: "globex", roles: ["it-admin"] });
  });

  it("rejects unknown fields, wrong types and malformed JSON with a 400 naming the problem", async () => {
    const extra = await app.call("POST", "/api/auth/login", {
      body: { username: "a", password: "b", remember: true },
    });
    const wrongType = await app.call("POST", "/api/auth/login", { body: { username: 7, password: "b" } });
    const malformed = await app.call("POST", "/api/auth/login", { rawBody: '{"username":' });
    expect([extra.status, wrongType.status, malformed.status]).toEqual([400, 400, 400]);
    expect(extra.body.error?.details).toEqual([
      { field: "remember", message: "is not a known field (known: tenant, username, password)" },
    ]);
    expect(wrongType.body.error?.message).toContain("username");
  });

  it("lets a browser with a stale session cookie sign in again", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const first = await app.login("ada");
    app.clock.now += SESSION_IDLE_MS + 1;
    const again = await app.call("POST", "/api/auth/login", {
      cookie: first.cookie,
      body: { username: "ada", password: TEST_PASSWORD },
    });
    expect(again.status).toBe(200);
  });
});

describe("sessions", () => {
  it("slide their expiry with use and end after 12 idle hours with a 401 that clears the cookie", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const { cookie } = await app.login("ada");
    app.clock.now += 11 * HOUR;
    const used = await app.call("GET", "/api/auth/me", { cookie });
    app.clock.now += 11 * HOUR;
    const slid = await app.call("GET", "/api/auth/me", { cookie });
    app.clock.now += SESSION_IDLE_MS;
    const expired = await app.call("GET", "/api/auth/me", { cookie });
    expect([used.status, slid.status]).toEqual([200, 200]);
    expect(used.headers.get("set-cookie")).toContain(`Max-Age=${SESSION_IDLE_MS / 1000}`);
    expect(expired.status).toBe(401);
    expect(expired.body.error?.code).toBe("session-expired");
    expect(expired.headers.get("set-cookie")).toMatch(/^sy_session=;.*Expires=Thu, 01 Jan 1970/);
  });

  it("end 7 days after sign-in however much they are used", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const { cookie } = await app.login("ada");
    let last = 0;
    for (let elapsed = 0; elapsed <= SESSION_MAX_AGE_MS; elapsed += 10 * HOUR) {
      app.clock.now += 10 * HOUR;
      last = (await app.call("GET", "/api/auth/me", { cookie })).status;
    }
    expect(last).toBe(401);
  });

  it("answer 401 for a cookie that names no session, rather than treating the caller as anonymous", async () => {
    const reply = await app.call("GET", "/api/auth/me", { cookie: "sy_session=forged" });
    expect(reply.status).toBe(401);
    expect(reply.body.error?.code).toBe("session-expired");
  });

  it("end at logout, which needs the CSRF token", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const { cookie, csrf } = await app.login("ada");
    const forged = await app.call("POST", "/api/auth/logout", { cookie });
    const out = await app.call("POST", "/api/auth/logout", { cookie, csrf });
    const after = await app.call("GET", "/api/auth/me", { cookie });
    expect(forged.status).toBe(403);
    expect(out.status).toBe(204);
    expect(after.status).toBe(401);
  });

  it("end when an admin changes the user's password", async () => {
    const id = await app.addUser("acme", "ada", ["viewer"]);
    await app.addUser("acme", "root", ["it-admin"]);
    const user = await app.login("ada");
    const admin = await app.login("root");
    await app.call("PATCH", `/api/users/${id}`, { ...admin, body: { password: "a brand new passphrase" } });
    expect((await app.call("GET", "/api/auth/me", { cookie: user.cookie })).status).toBe(401);
  });
});

describe("CSRF", () => {
  it("requires the session's token on unsafe session requests, and not on safe ones", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const { cookie, csrf } = await app.login("ada");
    const missing = await app.call("POST", "/api/auth/tokens", { cookie, body: { name: "ci" } });
    const wrong = await app.call("POST", "/api/auth/tokens", {
      cookie,
      csrf: "x".repeat(43),
      body: { name: "ci" },
    });
    const right = await app.call("POST", "/api/auth/tokens", { cookie, csrf, body: { name: "ci" } });
    const read = await app.call("GET", "/api/auth/tokens", { cookie });
    expect([missing.status, wrong.status, right.status, read.status]).toEqual([403, 403, 201, 200]);
    expect(missing.body.error?.code).toBe("csrf");
    expect(wrong.body.error?.code).toBe("csrf");
  });

  it("does not apply to calls made with an API token", async () => {
    await app.addUser("acme", "root", ["it-admin"]);
    const admin = await app.login("root");
    const { token } = (
      await app.call("POST", "/api/auth/tokens", { ...admin, body: { name: "provisioning" } })
    ).body as { token: string };
    const created = await app.call("POST", "/api/users", {
      token,
      body: { username: "newbie", displayName: "Newbie", password: TEST_PASSWORD, roles: ["viewer"] },
    });
    expect(created.status).toBe(201);
  });

  it("is returned by GET /api/auth/me for a session, so the studio can recover it after a reload", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const { cookie, csrf } = await app.login("ada");
    const me = await app.call("GET", "/api/auth/me", { cookie });
    expect(me.body.csrfToken).toBe(csrf);
  });
});

describe("API tokens", () => {
  it("are shown once, act as their user, list without secrets, and stop working when revoked", async () => {
    await app.addUser("acme", "ada", ["approver"], { region: "east" });
    const session = await app.login("ada");
    const issued = await app.call("POST", "/api/auth/tokens", { ...session, body: { name: "cli" } });
    const { id, token } = issued.body as { id: string; token: string };
    expect(issued.status).toBe(201);
    expect(token).toMatch(/^sy_[A-Za-z0-9_-]{43}$/);

    const me = await app.call("GET", "/api/auth/me", { token });
    expect(me.body).toMatchObject({ via: "token", tenant: "acme", roles: ["approver"], region: "east" });
    expect(me.body.csrfToken).toBeUndefined();

    const listed = await app.call("GET", "/api/auth/tokens", { token });
    expect(listed.body.tokens).toEqual([
      { id, name: "cli", createdAt: app.clock.now, lastUsedAt: app.clock.now, revokedAt: null },
    ]);

    const revoked = await app.call("DELETE", `/api/auth/tokens/${id}`, { ...session });
    const after = await app.call("GET", "/api/auth/me", { token });
    expect(revoked.status).toBe(204);
    expect(after.status).toBe(401);
    expect(after.body.error?.code).toBe("invalid-token");
    expect(after.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("cannot be revoked by another user", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    await app.addUser("acme", "root", ["it-admin"]);
    const ada = await app.login("ada");
    const root = await app.login("root");
    const { id, token } = (await app.call("POST", "/api/auth/tokens", { ...ada, body: { name: "mine" } }))
      .body as {
      id: string;
      token: string;
    };
    const attempt = await app.call("DELETE", `/api/auth/tokens/${id}`, { ...root });
    expect(attempt.status).toBe(404);
    expect((await app.call("GET", "/api/auth/me", { token })).status).toBe(200);
  });

  it("cannot mint further tokens", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const session = await app.login("ada");
    const { token } = (await app.call("POST", "/api/auth/tokens", { ...session, body: { name: "a" } }))
      .body as {
      token: string;
    };
    const minted = await app.call("POST", "/api/auth/tokens", { token, body: { name: "b" } });
    expect(minted.status).toBe(403);
  });

  it("answer 401 for an unknown or malformed bearer credential, even with a valid session cookie", async () => {
    await app.addUser("acme", "ada", ["viewer"]);
    const { cookie } = await app.login("ada");
    const unknown = await app.call("GET", "/api/auth/me", { cookie, token: `sy_${"A".repeat(43)}` });
    const malformed = await app.call("GET", "/api/auth/me", { token: "not a token" });
    expect([unknown.status, malformed.status]).toEqual([401, 401]);
  });

  it("stop working when their user is disabled", async () => {
    const id = await app.addUser("acme", "ada", ["viewer"]);
    const session = await app.login("ada");
    const { token } = (await app.call("POST", "/api/auth/tokens", { ...session, body: { name: "a" } }))
      .body as {
      token: string;
    };
    await app.ctx.store.auth.updateMember("acme", id, { disabled: true });
    expect((await app.call("GET", "/api/auth/me", { token })).status).toBe(401);
  });
});

describe("GET /api/auth/me", () => {
  it("is 401 for an anonymous caller", async () => {
    const reply = await app.call("GET", "/api/auth/me");
    expect(reply.status).toBe(401);
    expect(reply.body.error?.code).toBe("unauthenticated");
  });

  it("shows the caller's permissions and subordinates", async () => {
    const head = await app.addUser("acme", "chen", ["process-owner"], { region: "global" });
    const east = await app.addUser("acme", "li", ["process-owner"], { region: "east", managerId: head });
    const { cookie } = await app.login("chen");
    const me = await app.call("GET", "/api/auth/me", { cookie });
    expect(me.body).toMatchObject({ region: "global", subordinates: [east], via: "session" });
    expect(me.body.permissions).toContain("definitions:edit");
    expect(me.body.permissions).not.toContain("users:manage");
  });
});
