import { doublePrecision, index, integer, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { millis, rowid, tenants, text } from "./schema.js";

// The PostgreSQL twin of ../sqlite/governance-schema.ts: shadow sessions, approvals, circuit
// breakers and the component whitelist.

/** When a workflow version entered (and left) shadow mode: the gates measure from `startedAt`. */
export const shadowSessions = pgTable(
  "shadow_sessions",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    workflowId: text("workflow_id").notNull(),
    version: integer("version").notNull(),
    startedAt: millis("started_at").notNull(),
    startedBy: text("started_by").notNull(),
    stoppedAt: millis("stopped_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.workflowId, t.version] })],
);

/** An approver's sign-off (or refusal) of one version; one decision per approver and version. */
export const approvals = pgTable(
  "approvals",
  {
    rowid: rowid(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    kind: text("kind").notNull(),
    definitionId: text("definition_id").notNull(),
    version: integer("version").notNull(),
    approver: text("approver").notNull(),
    decision: text("decision").notNull(),
    comment: text("comment"),
    at: millis("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.definitionId, t.version, t.approver] })],
);

/** A circuit breaker's state; `key` is `workflow:<id>@<version>` or `component:<id>@<version>`. */
export const breakers = pgTable(
  "breakers",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    key: text("key").notNull(),
    state: text("state").notNull(),
    reason: text("reason"),
    detail: text("detail"),
    openedAt: millis("opened_at"),
    updatedAt: millis("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

/** One observation in a breaker's rolling window: a run or step that went well, failed or looked wrong. */
export const breakerOutcomes = pgTable(
  "breaker_outcomes",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    subject: text("subject").notNull(),
    outcome: text("outcome").notNull(),
    at: millis("at").notNull(),
    detail: text("detail"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key, t.subject] }),
    index("breaker_outcomes_window").on(t.tenantId, t.key, t.at),
  ],
);

/** Components IT has approved for publishing and running, by id, version and content hash. */
export const componentWhitelist = pgTable(
  "component_whitelist",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    componentId: text("component_id").notNull(),
    version: text("version").notNull(),
    contentHash: text("content_hash").notNull(),
    owner: text("owner").notNull(),
    callsPerMinute: doublePrecision("calls_per_minute"),
    addedBy: text("added_by").notNull(),
    addedAt: millis("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.componentId, t.version] })],
);
