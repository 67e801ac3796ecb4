import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordsRoutes } from "./records.js";
import { type TestApi, testApi } from "./testing.js";

vi.mock("../auth/policy.js", async () => (await import("./testing.js")).fakePolicy);

let api: TestApi;
beforeEach(async () => {
  api = await testApi((ctx) => [recordsRoutes(ctx)]);
});
afterEach(async () => {
  await api.close();
});

const create = (body: unknown, as: "east" | "rival" = "east") =>
  api.call("POST", "/api/records/lead", { as, body });
const stored = () => api.ctx.store.listRecords("acme", "lead", { limit: 100, offset: 0 });

describe("records API", () => {
  it("creates a record (201, id, version 1, ETag, Location) and reads it back", async () => {
    const created = await create({ name: "Acme", amount: 12 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, data: { name: "Acme", amount: 12 } });
    const id = String(created.body.id);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get("ETag")).toBe('"1"');
    expect(created.headers.get("Location")).toBe(`/api/records/lead/${id}`);

    const read = await api.call("GET", `/api/records/lead/${id}`, { as: "viewer" });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, version: 1, data: { name: "Acme", amount: 12 } });
  });

  it("takes the id from the body on create, and refuses a second record with it (409)", async () => {
    expect((await create({ id: "lead-1", name: "Acme" })).body).toMatchObject({
      id: "lead-1",
      data: { name: "Acme" },
    });
    const again = await create({ id: "lead-1", name: "Other" });
    expect(again.status).toBe(409);
    expect((await stored()).map((r) => r.data)).toEqual([{ name: "Acme" }]);
  });

  it("indexes the id and top-level scalar fields, so workflows can find the record", async () => {
    await create({ id: "lead-1", name: "Acme", phone: "555", tags: ["x"] });
    const found = await api.ctx.store.findRecords("acme", "lead", { phone: "555" }, 10);
    expect(found.map((r) => r.id)).toEqual(["lead-1"]);
  });

  it("answers 422 with field-level details for a record that does not fit the schema, and writes nothing", async () => {
    const res = await create({ amount: "lots", emial: "a@b.c" });
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe("invalid-record");
    expect(res.body.error?.details).toEqual(
      expect.arrayContaining([
        { field: "name", message: "is required" },
        { field: "amount", message: "must be number" },
        { field: "emial", message: "is not a field of lead (fields: name, phone, amount, region, tags)" },
      ]),
    );
    expect(await stored()).toEqual([]);
  });

  it("answers 400 for malformed input: bad JSON, a body that is no object, a bad id, bad query values", async () => {
    const badJson = await api.call("POST", "/api/records/lead", {
      as: "east",
      raw: '{"name": ',
      headers: { "Content-Type": "application/json" },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error?.code).toBe("bad-json");
    const list = await create([{ name: "Acme" }]);
    expect(list.status).toBe(400);
    expect(list.body.error?.details).toEqual([{ field: "(body)", message: "must be object" }]);
    const badId = await create({ id: 7, name: "Acme" });
    expect(badId.status).toBe(400);
    expect(badId.body.error?.details).toEqual([{ field: "id", message: "must be string" }]);
    for (const query of ["limit=0", "limit=ten", "offset=-1", "sort=name"]) {
      const res = await api.call("GET", `/api/records/lead?${query}`, { as: "east" });
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code).toBe("invalid-request");
    }
    expect(await stored()).toEqual([]);
  });

  it("pages through records with limit and offset", async () => {
    for (const name of ["a", "b", "c"]) await create({ id: name, name });
    const page = await api.call("GET", "/api/records/lead?limit=2&offset=1", { as: "viewer" });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ limit: 2, offset: 1 });
    expect(page.body.records?.length).toBe(2);
  });

  it("answers 404 for an entity that is not live", async () => {
    expect((await api.call("GET", "/api/records/opportunity", { as: "east" })).status).toBe(404);
    expect(
      (await api.call("POST", "/api/records/opportunity", { as: "east", body: { name: "x" } })).status,
    ).toBe(404);
  });

  it("never shows or changes another tenant's record: 404 for each method", async () => {
    await create({ id: "lead-1", name: "Acme" });
    const path = "/api/records/lead/lead-1";
    expect((await api.call("GET", path, { as: "rival" })).status).toBe(404);
    expect((await api.call("PUT", path, { as: "rival", body: { name: "Stolen" } })).status).toBe(404);
    expect((await api.call("PATCH", path, { as: "rival", body: { name: "Stolen" } })).status).toBe(404);
    expect((await api.call("DELETE", path, { as: "rival" })).status).toBe(404);
    // The other tenant's own record with the same id is separate.
    expect((await create({ id: "lead-1", name: "Globex lead" }, "rival")).status).toBe(201);
    expect((await api.call("GET", path, { as: "east" })).body).toMatchObject({
      version: 1,
      data: { name: "Acme" },
    });
  });

  it("replaces a record with PUT; If-Match with another version is a 412 and changes nothing", async () => {
    await create({ id: "lead-1", name: "Acme", amount: 5 });
    const path = "/api/records/lead/lead-1";
    const replaced = await api.call("PUT", path, {
      as: "east",
      body: { name: "Acme Ltd" },
      headers: { "If-Match": '"1"' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, data: { name: "Acme Ltd" } });
    expect(replaced.headers.get("ETag")).toBe('"2"');

    const stale = await api.call("PUT", path, {
      as: "east",
      body: { name: "Late" },
      headers: { "If-Match": "1" },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error?.code).toBe("version-mismatch");
    expect((await api.call("GET", path, { as: "east" })).body).toMatchObject({
      version: 2,
      data: { name: "Acme Ltd" },
    });

    const unreadable = await api.call("PUT", path, {
      as: "east",
      body: { name: "x" },
      headers: { "If-Match": "v2" },
    });
    expect(unreadable.status).toBe(400);
    const otherId = await api.call("PUT", path, { as: "east", body: { id: "lead-2", name: "x" } });
    expect(otherId.status).toBe(400);
    expect(
      (await api.call("PUT", "/api/records/lead/nope", { as: "east", body: { name: "x" } })).status,
    ).toBe(404);
  });

  it("merges a PATCH into the record and validates the merged record", async () => {
    await create({ id: "lead-1", name: "Acme", amount: 5 });
    const path = "/api/records/lead/lead-1";
    const patched = await api.call("PATCH", path, { as: "east", body: { phone: "555" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, data: { name: "Acme", amount: 5, phone: "555" } });

    const invalid = await api.call("PATCH", path, { as: "east", body: { amount: -1, name: null } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error?.details).toEqual(
      expect.arrayContaining([
        { field: "amount", message: "must be >= 0" },
        { field: "name", message: "must be string" },
      ]),
    );
    const unknown = await api.call("PATCH", path, { as: "east", body: { stage: "won" } });
    expect(unknown.status).toBe(422);
    const stale = await api.call("PATCH", path, {
      as: "east",
      body: { phone: "1" },
      headers: { "If-Match": "1" },
    });
    expect(stale.status).toBe(412);
    expect((await api.call("GET", path, { as: "east" })).body).toMatchObject({
      version: 2,
      data: { name: "Acme", amount: 5, phone: "555" },
    });
  });

  it("deletes a record (204), after which it is gone", async () => {
    await create({ id: "lead-1", name: "Acme" });
    const deleted = await api.call("DELETE", "/api/records/lead/lead-1", { as: "east" });
    expect(deleted.status).toBe(204);
    expect((await api.call("GET", "/api/records/lead/lead-1", { as: "east" })).status).toBe(404);
    expect((await api.call("DELETE", "/api/records/lead/lead-1", { as: "east" })).status).toBe(404);
  });

  it("needs records:read to read and records:write to write", async () => {
    expect((await api.call("GET", "/api/records/lead")).status).toBe(401);
    expect((await api.call("POST", "/api/records/lead", { as: "viewer", body: { name: "x" } })).status).toBe(
      403,
    );
    expect((await api.call("GET", "/api/records/lead", { as: "viewer" })).status).toBe(200);
    expect(await stored()).toEqual([]);
  });
});
