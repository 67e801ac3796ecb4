import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "./cli-harness.js";

describe("switchyard worker", () => {
  it("needs a shared database and says how to give it one", async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const result = await runCli(["worker"], tempProject({}));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("A worker needs DATABASE_URL");
      expect(result.stderr).toContain("docs/deploy.md");
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it("refuses a DATABASE_URL that is not PostgreSQL's", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "mysql://db/switchyard";
    try {
      const result = await runCli(["worker"], tempProject({}));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it("says which database it cannot reach, without its password, and how to fix it", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgres://sy:secret@127.0.0.1:1/switchyard";
    try {
      const result = await runCli(["worker"], tempProject({}));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Cannot open the database at 127.0.0.1:1/switchyard");
      expect(result.stderr).toContain("Check that PostgreSQL is running");
      expect(result.stderr).not.toContain("secret");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
