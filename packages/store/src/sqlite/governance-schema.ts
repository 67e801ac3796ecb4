import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema.js";

// Safety of change: shadow sessions, approvals, circuit breakers and the component whitelist.

/** When a workflow version entered (and left) shadow mode: the gates measure from `startedAt`. */
export const shadowSessions = sqliteTable(
  "shadow_sessions",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    workflowId: text("workflow_id").notNull(),
    version: integer("version").notNull(),
    startedAt: integer("started_at").notNull(),
    startedBy: text("started_by").notNull(),
    stoppedAt: integer("stopped_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.workflowId, t.version] })],
);

/** An approver's sign-off (or refusal) of one version; one decision per approver and version. */
export const approvals = sqliteTable(
  "approvals",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    kind: text("kind").notNull(),
    definitionId: text("definition_id").notNull(),
    version: integer("version").notNull(),
    approver: text("approver").notNull(),
    decision: text("decision").notNull(),
    comment: text("comment"),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.definitionId, t.version, t.approver] })],
);

/** A circuit breaker's state; `key` is `workflow:<id>@<version>` or `component:<id>@<version>`. */
export const breakers = sqliteTable(
  "breakers",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    key: text("key").notNull(),
    state: text("state").notNull(),
    reason: text("reason"),
    detail: text("detail", { mode: "json" }),
    openedAt: integer("opened_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

/** One observation in a breaker's rolling window: a run or step that went well, failed or looked wrong. */
export const breakerOutcomes = sqliteTable(
  "breaker_outcomes",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    subject: text("subject").notNull(),
    outcome: text("outcome").notNull(),
    at: integer("at").notNull(),
    detail: text("detail"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key, t.subject] }),
    index("breaker_outcomes_window").on(t.tenantId, t.key, t.at),
  ],
);

/** Components IT has approved for publishing and running, by id, version and content hash. */
export const componentWhitelist = sqliteTable(
  "component_whitelist",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    componentId: text("component_id").notNull(),
    version: text("version").notNull(),
    contentHash: text("content_hash").notNull(),
    owner: text("owner").notNull(),
    callsPerMinute: real("calls_per_minute"),
    addedBy: text("added_by").notNull(),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.componentId, t.version] })],
);
