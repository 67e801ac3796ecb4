import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are stored as milliseconds since the epoch (integers) and JSON as text, so the same
// columns map one-to-one onto the PostgreSQL dialect that follows (bigint and jsonb).

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Published, immutable versions of definitions. `status` says which version is live or in shadow. */
export const definitionVersions = sqliteTable(
  "definition_versions",
  {
    tenantId: text("tenant_id").notNull(),
    kind: text("kind").notNull(),
    definitionId: text("definition_id").notNull(),
    version: integer("version").notNull(),
    source: text("source").notNull(),
    body: text("body").notNull(),
    hash: text("hash").notNull(),
    status: text("status").notNull(),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind, t.definitionId, t.version] }),
    index("definition_versions_status").on(t.tenantId, t.kind, t.status),
  ],
);

/** Drafts being edited; one per definition. */
export const definitionDrafts = sqliteTable(
  "definition_drafts",
  {
    tenantId: text("tenant_id").notNull(),
    kind: text("kind").notNull(),
    definitionId: text("definition_id").notNull(),
    source: text("source").notNull(),
    updatedAt: integer("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.definitionId] })],
);

/** Entity records: the JSON document, plus a version for optimistic concurrency. */
export const records = sqliteTable(
  "records",
  {
    tenantId: text("tenant_id").notNull(),
    entity: text("entity").notNull(),
    id: text("id").notNull(),
    data: text("data").notNull(),
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entity, t.id] })],
);

/**
 * Indexed copies of records' core fields, so look-ups by field need no JSON functions.
 * In SQLite the table is WITHOUT ROWID (migration 0008): its rows are all key, so the primary key
 * is the table and no third b-tree is written per field. drizzle cannot express WITHOUT ROWID, so
 * a migration that recreates this table must keep it (write-path.test.ts checks).
 */
export const recordFields = sqliteTable(
  "record_fields",
  {
    tenantId: text("tenant_id").notNull(),
    entity: text("entity").notNull(),
    field: text("field").notNull(),
    value: text("value").notNull(),
    recordId: text("record_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entity, t.field, t.value, t.recordId] }),
    index("record_fields_record").on(t.tenantId, t.entity, t.recordId),
  ],
);

/** Every change to a record, in order: the audit of data and the proof that no write happened twice. */
export const recordWrites = sqliteTable(
  "record_writes",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id").notNull(),
    entity: text("entity").notNull(),
    recordId: text("record_id").notNull(),
    writeKey: text("write_key").notNull(),
    runId: text("run_id"),
    data: text("data").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [uniqueIndex("record_writes_key").on(t.tenantId, t.writeKey)],
);

/** Incoming events. The idempotency key makes a repeated delivery a no-op. */
export const inbox = sqliteTable(
  "inbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    type: text("type").notNull(),
    source: text("source").notNull(),
    payload: text("payload").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    receivedAt: integer("received_at").notNull(),
    status: text("status").notNull(),
    processedAt: integer("processed_at"),
    /** A worker's claim on starting this event's runs (see Store.claimEvents). */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
  },
  (t) => [
    uniqueIndex("inbox_idempotency").on(t.tenantId, t.idempotencyKey),
    index("inbox_status").on(t.status, t.seq),
  ],
);

/** Workflow runs, each pinned to the version it started on; `state` holds vars, outputs and tokens. */
export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    version: integer("version").notNull(),
    mode: text("mode").notNull(),
    trigger: text("trigger").notNull(),
    eventId: text("event_id"),
    parentRunId: text("parent_run_id"),
    status: text("status").notNull(),
    state: text("state").notNull(),
    error: text("error"),
    startedAt: integer("started_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
    /** Committed transitions; a commit applies only on the revision it read (see RunRow.rev). */
    rev: integer("rev").notNull().default(0),
    /** The worker advancing this running run, until `lease_until` (see Store.claimRuns). */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
  },
  (t) => [
    uniqueIndex("runs_event_once").on(t.tenantId, t.workflowId, t.mode, t.eventId, t.version),
    index("runs_status").on(t.status),
    index("runs_workflow").on(t.tenantId, t.workflowId, t.startedAt),
  ],
);

/** One row per step attempt: the run's timeline, with inputs, outputs, errors and explanations. */
export const stepExecutions = sqliteTable(
  "step_executions",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    runId: text("run_id").notNull(),
    stepId: text("step_id").notNull(),
    tokenId: text("token_id").notNull(),
    attempt: integer("attempt").notNull(),
    status: text("status").notNull(),
    input: text("input"),
    output: text("output"),
    error: text("error"),
    explanation: text("explanation"),
    effects: text("effects"),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at").notNull(),
  },
  // One index, led by the run: it keeps a step from being recorded twice and finds a run's
  // timeline (sorted by seq after the look-up: a run has few rows). A second index on
  // (run_id, seq) cost a random-page write per step and bought nothing (migration 0007).
  (t) => [uniqueIndex("step_executions_once").on(t.runId, t.tokenId, t.attempt)],
);

/** Durable timers: waits, timeouts and retry back-offs. */
export const timers = sqliteTable(
  "timers",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    tokenId: text("token_id").notNull(),
    purpose: text("purpose").notNull(),
    dueAt: integer("due_at").notNull(),
    status: text("status").notNull(),
    /** A worker's claim on firing this timer (see Store.claimTimers). */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
  },
  (t) => [index("timers_due").on(t.status, t.dueAt)],
);

/** Runs waiting for an event (core.wait with `event:`). */
export const eventWaits = sqliteTable(
  "event_waits",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    tokenId: text("token_id").notNull(),
    eventType: text("event_type").notNull(),
    match: text("match"),
    status: text("status").notNull(),
  },
  (t) => [index("event_waits_type").on(t.tenantId, t.eventType, t.status)],
);

/** External effects (e-mail, HTTP) to deliver; the key is passed on so receivers can de-duplicate. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id"),
    tokenId: text("token_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    kind: text("kind").notNull(),
    payload: text("payload").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull(),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    result: text("result"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    /** A worker's claim on delivering this item (see Store.claimOutbox). */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
  },
  (t) => [
    uniqueIndex("outbox_idempotency").on(t.tenantId, t.idempotencyKey),
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_run").on(t.runId),
  ],
);

/** Human tasks: approvals and forms to fill in. */
export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    tokenId: text("token_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    assignees: text("assignees").notNull(),
    payload: text("payload").notNull(),
    status: text("status").notNull(),
    result: text("result"),
    createdAt: integer("created_at").notNull(),
    dueAt: integer("due_at"),
    completedAt: integer("completed_at"),
    completedBy: text("completed_by"),
  },
  (t) => [index("tasks_status").on(t.tenantId, t.status)],
);

/** In-app notifications. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    recipient: text("recipient").notNull(),
    title: text("title").notNull(),
    message: text("message").notNull(),
    link: text("link"),
    runId: text("run_id"),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [index("notifications_recipient").on(t.tenantId, t.recipient, t.createdAt)],
);

/** The hash-chained audit log (written by the governance issue; the table exists from the start). */
export const auditEntries = sqliteTable(
  "audit_entries",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id").notNull(),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    object: text("object").notNull(),
    version: integer("version"),
    detail: text("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_tenant").on(t.tenantId, t.seq)],
);

/** Small durable counters, e.g. for round-robin assignment. */
export const counters = sqliteTable(
  "counters",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    value: integer("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);
