import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";
import { freshDatabase } from "./pg/testing.js";

describe("openStore", () => {
  it("opens a postgres:// URL as the shared PostgreSQL database", async () => {
    const url = await freshDatabase();
    const first = await openStore(url);
    await first.ensureTenant("t1", "T1");
    const second = await openStore(url.replace(/^postgres:/, "postgresql:"));
    expect(await second.listTenants()).toEqual(["t1"]);
    await Promise.all([first.close(), second.close()]);
  });

  it("opens anything else as a SQLite file", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-open-")), "store.db");
    const store = await openStore(file);
    await store.ensureTenant("t1", "T1");
    expect(existsSync(file)).toBe(true);
    await store.close();
  });
});
