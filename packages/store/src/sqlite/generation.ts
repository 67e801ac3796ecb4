import type Database from "better-sqlite3";
import { GENERATION_KEY } from "../generation.js";

/** The generation counter's statements on the embedded database (see ../generation.ts). */
export class SqliteGenerations {
  private readonly bump: Database.Statement<[string, string]>;
  private readonly read: Database.Statement<[string], { tenantId: string; value: number }>;

  constructor(client: Database.Database) {
    this.bump = client.prepare(
      `INSERT INTO counters (tenant_id, key, value) VALUES (?, ?, 1)
       ON CONFLICT (tenant_id, key) DO UPDATE SET value = value + 1`,
    );
    this.read = client.prepare("SELECT tenant_id AS tenantId, value FROM counters WHERE key = ?");
  }

  /** Counts one change for the tenant; run it in the change's transaction. */
  changed(tenantId: string): void {
    this.bump.run(tenantId, GENERATION_KEY);
  }

  all(): Map<string, number> {
    return new Map(this.read.all(GENERATION_KEY).map((r) => [r.tenantId, r.value]));
  }
}
