import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_PASSWORD, type TestApp } from "../auth/testing.js";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

const newUser = (over: Record<string, unknown> = {}) => ({
  username: "newbie",
  displayName: "New Bie",
  password: TEST_PASSWORD,
  roles: ["viewer"],
  ...over,
});

/** An IT admin of acme, signed in. */
async function admin() {
  const id = await app.addUser("acme", "root", ["it-admin"]);
  return { id, ...(await app.login("root")) };
}

describe("GET /api/users", () => {
  it("lists the caller's tenant only, without password hashes", async () => {
    const root = await admin();
    await app.addUser("globex", "outsider", ["it-admin"]);
    const reply = await app.call("GET", "/api/users", root);
    expect(reply.status).toBe(200);
    expect((reply.body.users as { username: string }[]).map((u) => u.username)).toEqual(["root"]);
    expect(JSON.stringify(reply.body)).not.toMatch(/scrypt|passwordHash|password/);
  });

  it("is 401 for anonymous callers and 403, naming the permission and role, for others", async () => {
    await app.addUser("acme", "guest", ["viewer"]);
    const viewer = await app.login("guest");
    const anonymous = await app.call("GET", "/api/users");
    const denied = await app.call("GET", "/api/users", viewer);
    expect(anonymous.status).toBe(401);
    expect(denied.status).toBe(403);
    expect(denied.body.error?.message).toBe(
      "This needs the permission 'users:manage', which the role it-admin has; your roles: viewer.",
    );
  });
});

describe("POST /api/users", () => {
  it("creates a user in the caller's tenant who can then sign in", async () => {
    const root = await admin();
    const created = await app.call("POST", "/api/users", {
      ...root,
      body: newUser({ roles: ["process-owner"], region: "east", managerId: root.id }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: "newbie",
      roles: ["process-owner"],
      region: "east",
      managerId: root.id,
      disabled: false,
    });
    expect(created.headers.get("location")).toBe(`/api/users/${String(created.body.id)}`);
    expect(JSON.stringify(created.body)).not.toContain("scrypt");
    const login = await app.login("newbie");
    expect(login.reply.body).toMatchObject({ tenant: "acme", roles: ["process-owner"] });
  });

  it.each([
    ["an unknown field", newUser({ admin: true }), "admin"],
    ["a short password", newUser({ password: "short" }), "password"],
    ["an unknown role", newUser({ roles: ["root"] }), "roles[0]"],
    ["a wrong type", newUser({ displayName: 42 }), "displayName"],
    ["an upper-case username", newUser({ username: "Newbie" }), "username"],
    ["a missing field", { username: "x", password: TEST_PASSWORD, roles: ["viewer"] }, "displayName"],
    ["a manager from another tenant", newUser({ managerId: "nobody" }), "managerId"],
  ])("refuses %s with a 400 naming the field, creating nothing", async (_what, body, field) => {
    const root = await admin();
    const reply = await app.call("POST", "/api/users", { ...root, body });
    expect(reply.status).toBe(400);
    expect((reply.body.error?.details as { field: string }[]).map((d) => d.field)).toContain(field);
    expect(
      await app.ctx.store.auth.findUser(String((body as { username: string }).username)),
    ).toBeUndefined();
  });

  it("refuses a username that is taken, in any tenant, with 409", async () => {
    const root = await admin();
    await app.addUser("globex", "newbie", ["viewer"]);
    const reply = await app.call("POST", "/api/users", { ...root, body: newUser() });
    expect(reply.status).toBe(409);
    expect(reply.body.error?.code).toBe("username-taken");
  });
});

describe("GET /api/users/:id", () => {
  it("shows yourself, your subordinates at every level, and nobody else", async () => {
    const head = await app.addUser("acme", "chen", ["process-owner"], { region: "global" });
    const east = await app.addUser("acme", "li", ["process-owner"], { region: "east", managerId: head });
    const rep = await app.addUser("acme", "rep", ["viewer"], { managerId: east });
    const peer = await app.addUser("acme", "wang", ["process-owner"], {
      region: "northwest",
      managerId: head,
    });
    const chen = await app.login("chen");
    const li = await app.login("li");
    const status = async (who: { cookie: string }, id: string) =>
      (await app.call("GET", `/api/users/${id}`, who)).status;
    expect(await status(chen, head)).toBe(200);
    expect(await status(chen, rep)).toBe(200);
    expect(await status(li, rep)).toBe(200);
    expect(await status(li, peer)).toBe(403);
    expect(await status(li, head)).toBe(403);
  });

  it("shows everyone to auditors and IT admins", async () => {
    const someone = await app.addUser("acme", "someone", ["viewer"]);
    await app.addUser("acme", "sun", ["auditor"]);
    const auditor = await app.login("sun");
    const reply = await app.call("GET", `/api/users/${someone}`, auditor);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: someone, username: "someone", roles: ["viewer"] });
  });

  it("answers 404 for another tenant's user, as if they did not exist", async () => {
    const root = await admin();
    const outsider = await app.addUser("globex", "outsider", ["viewer"]);
    const read = await app.call("GET", `/api/users/${outsider}`, root);
    const patch = await app.call("PATCH", `/api/users/${outsider}`, {
      ...root,
      body: { roles: ["it-admin"] },
    });
    expect([read.status, patch.status]).toEqual([404, 404]);
    expect((await app.ctx.store.auth.getMember("globex", outsider))?.membership.roles).toEqual(["viewer"]);
  });
});

describe("PATCH /api/users/:id", () => {
  it("changes roles, which the user's very next request is judged by", async () => {
    const root = await admin();
    const id = await app.addUser("acme", "ada", ["viewer"]);
    const ada = await app.login("ada");
    const before = await app.call("GET", "/api/users", ada);
    const patched = await app.call("PATCH", `/api/users/${id}`, { ...root, body: { roles: ["it-admin"] } });
    const after = await app.call("GET", "/api/users", ada);
    expect([before.status, patched.status, after.status]).toEqual([403, 200, 200]);
    expect(patched.body).toMatchObject({ id, roles: ["it-admin"] });
  });

  it("clears region and manager with null", async () => {
    const root = await admin();
    const id = await app.addUser("acme", "li", ["process-owner"], { region: "east", managerId: root.id });
    const reply = await app.call("PATCH", `/api/users/${id}`, {
      ...root,
      body: { region: null, managerId: null },
    });
    expect(reply.body).toMatchObject({ region: null, managerId: null });
  });

  it("disables a user, ending their sessions", async () => {
    const root = await admin();
    const id = await app.addUser("acme", "ada", ["viewer"]);
    const ada = await app.login("ada");
    const reply = await app.call("PATCH", `/api/users/${id}`, { ...root, body: { disabled: true } });
    expect(reply.body).toMatchObject({ disabled: true });
    expect((await app.call("GET", "/api/auth/me", ada)).status).toBe(401);
    expect((await app.login("ada")).reply.status).toBe(401);
  });

  it.each([
    ["an empty change", {}, "(body)"],
    ["an unknown field", { username: "renamed" }, "username"],
    ["a wrong type", { disabled: "yes" }, "disabled"],
    ["a short password", { password: "short" }, "password"],
  ])("refuses %s with a 400", async (_what, body, field) => {
    const root = await admin();
    const id = await app.addUser("acme", "ada", ["viewer"]);
    const reply = await app.call("PATCH", `/api/users/${id}`, { ...root, body });
    expect(reply.status).toBe(400);
    expect((reply.body.error?.details as { field: string }[]).map((d) => d.field)).toContain(field);
  });

  it("refuses a manager who reports to the user (a loop)", async () => {
    const root = await admin();
    const boss = await app.addUser("acme", "boss", ["viewer"]);
    const rep = await app.addUser("acme", "rep", ["viewer"], { managerId: boss });
    const reply = await app.call("PATCH", `/api/users/${boss}`, { ...root, body: { managerId: rep } });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.details).toEqual([
      { field: "managerId", message: "reports to this user already (that would make a reporting loop)" },
    ]);
  });

  it("refuses to let IT admins lock themselves out", async () => {
    const root = await admin();
    const demote = await app.call("PATCH", `/api/users/${root.id}`, { ...root, body: { roles: ["viewer"] } });
    const disable = await app.call("PATCH", `/api/users/${root.id}`, { ...root, body: { disabled: true } });
    expect([demote.status, disable.status]).toEqual([409, 409]);
  });

  it("refuses to change the password of an account that also belongs to another tenant", async () => {
    const root = await admin();
    const id = await app.addUser("acme", "mia", ["viewer"]);
    await app.ctx.store.auth.addMembership({
      tenantId: "globex",
      userId: id,
      roles: ["it-admin"],
      region: null,
      managerId: null,
    });
    const reply = await app.call("PATCH", `/api/users/${id}`, {
      ...root,
      body: { password: "taken over now!" },
    });
    const roles = await app.call("PATCH", `/api/users/${id}`, { ...root, body: { roles: ["approver"] } });
    expect(reply.status).toBe(403);
    expect(reply.body.error?.message).toContain("also belongs to other tenants");
    expect(roles.status).toBe(200);
    expect((await app.ctx.store.auth.getMember("globex", id))?.membership.roles).toEqual(["it-admin"]);
  });
});
