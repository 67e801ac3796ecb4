import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// The PostgreSQL twin of ../sqlite/schema.ts: same tables, columns, keys and indexes. Timestamps
// are epoch milliseconds in bigint (read back as numbers); JSON stays text, so a document comes
// back byte for byte as it was written (key order included), exactly as from SQLite.

/**
 * Text compared byte by byte (COLLATE "C"), as SQLite compares it, so every ORDER BY over ids,
 * names and keys gives the SQLite dialect's order whatever locale the database was created with.
 */
export const text = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

/** Epoch milliseconds: too large for a 32-bit integer, well inside a double. */
export const millis = (name: string) => bigint(name, { mode: "number" });
/** An ascending row number assigned by a sequence. */
const serial = (name: string) => bigserial(name, { mode: "number" });

/**
 * Insertion order, standing in for SQLite's implicit rowid on tables keyed by text. SQLite returns
 * rows that tie on an ORDER BY (or have none) in rowid order, and the engine's order of work
 * follows it; every such query here breaks ties on this column, so both dialects agree. Never
 * part of a returned row.
 */
export const rowid = () => serial("rowid");

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: millis("created_at").notNull(),
});

/** Published, immutable versions of definitions. `status` says which version is live or in shadow. */
export const definitionVersions = pgTable(
  "definition_versions",
  {
    rowid: rowid(),
    tenantId: text("tenant_id").notNull(),
    kind: text("kind").notNull(),
    definitionId: text("definition_id").notNull(),
    version: integer("version").notNull(),
    source: text("source").notNull(),
    body: text("body").notNull(),
    hash: text("hash").notNull(),
    status: text("status").notNull(),
    createdAt: millis("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind, t.definitionId, t.version] }),
    index("definition_versions_status").on(t.tenantId, t.kind, t.status),
  ],
);

/** Drafts being edited; one per definition. */
export const definitionDrafts = pgTable(
  "definition_drafts",
  {
    rowid: rowid(),
    tenantId: text("tenant_id").notNull(),
    kind: text("kind").notNull(),
    definitionId: text("definition_id").notNull(),
    source: text("source").notNull(),
    updatedAt: millis("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.definitionId] })],
);

/** Entity records: the JSON document, plus a version for optimistic concurrency. */
export const records = pgTable(
  "records",
  {
    tenantId: text("tenant_id").notNull(),
    entity: text("entity").notNull(),
    id: text("id").notNull(),
    data: text("data").notNull(),
    version: integer("version").notNull(),
    createdAt: millis("created_at").notNull(),
    updatedAt: millis("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entity, t.id] })],
);

/** Indexed copies of records' core fields, so look-ups by field need no JSON functions. */
export const recordFields = pgTable(
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
export const recordWrites = pgTable(
  "record_writes",
  {
    seq: serial("seq").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    entity: text("entity").notNull(),
    recordId: text("record_id").notNull(),
    writeKey: text("write_key").notNull(),
    runId: text("run_id"),
    data: text("data").notNull(),
    at: millis("at").notNull(),
  },
  (t) => [uniqueIndex("record_writes_key").on(t.tenantId, t.writeKey)],
);

/** Incoming events. The idempotency key makes a repeated delivery a no-op. */
export const inbox = pgTable(
  "inbox",
  {
    seq: serial("seq").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    type: text("type").notNull(),
    source: text("source").notNull(),
    payload: text("payload").notNull(),
    occurredAt: millis("occurred_at").notNull(),
    receivedAt: millis("received_at").notNull(),
    status: text("status").notNull(),
    processedAt: millis("processed_at"),
    /** A worker's claim on starting this event's runs (see Store.claimEvents). */
    leaseOwner: text("lease_owner"),
    leaseUntil: millis("lease_until"),
  },
  (t) => [
    uniqueIndex("inbox_idempotency").on(t.tenantId, t.idempotencyKey),
    index("inbox_status").on(t.status, t.seq),
  ],
);

/** Workflow runs, each pinned to the version it started on; `state` holds vars, outputs and tokens. */
export const runs = pgTable(
  "runs",
  {
    rowid: rowid(),
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
    startedAt: millis("started_at").notNull(),
    updatedAt: millis("updated_at").notNull(),
    finishedAt: millis("finished_at"),
    /** Committed transitions; a commit applies only on the revision it read (see RunRow.rev). */
    rev: integer("rev").notNull().default(0),
    /** The worker advancing this running run, until `lease_until` (see Store.claimRuns). */
    leaseOwner: text("lease_owner"),
    leaseUntil: millis("lease_until"),
  },
  (t) => [
    uniqueIndex("runs_event_once").on(t.tenantId, t.workflowId, t.mode, t.eventId, t.version),
    index("runs_status").on(t.status),
    index("runs_workflow").on(t.tenantId, t.workflowId, t.startedAt),
  ],
);

/** One row per step attempt: the run's timeline, with inputs, outputs, errors and explanations. */
export const stepExecutions = pgTable(
  "step_executions",
  {
    seq: serial("seq").primaryKey(),
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
    startedAt: millis("started_at").notNull(),
    finishedAt: millis("finished_at").notNull(),
  },
  // As in SQLite, one index led by the run finds a run's timeline and keeps a step from being
  // recorded twice (a second one on (run_id, seq) was dropped: migration 0001).
  (t) => [uniqueIndex("step_executions_once").on(t.runId, t.tokenId, t.attempt)],
);

/** Durable timers: waits, timeouts and retry back-offs. */
export const timers = pgTable(
  "timers",
  {
    rowid: rowid(),
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id").notNull(),
    tokenId: text("token_id").notNull(),
    purpose: text("purpose").notNull(),
    dueAt: millis("due_at").notNull(),
    status: text("status").notNull(),
    /** A worker's claim on firing this timer (see Store.claimTimers). */
    leaseOwner: text("lease_owner"),
    leaseUntil: millis("lease_until"),
  },
  (t) => [index("timers_due").on(t.status, t.dueAt)],
);

/** Runs waiting for an event (core.wait with `event:`). */
export const eventWaits = pgTable(
  "event_waits",
  {
    rowid: rowid(),
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
export const outbox = pgTable(
  "outbox",
  {
    rowid: rowid(),
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    runId: text("run_id"),
    tokenId: text("token_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    kind: text("kind").notNull(),
    payload: text("payload").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull(),
    nextAttemptAt: millis("next_attempt_at").notNull(),
    lastError: text("last_error"),
    result: text("result"),
    createdAt: millis("created_at").notNull(),
    sentAt: millis("sent_at"),
    /** A worker's claim on delivering this item (see Store.claimOutbox). */
    leaseOwner: text("lease_owner"),
    leaseUntil: millis("lease_until"),
  },
  (t) => [
    uniqueIndex("outbox_idempotency").on(t.tenantId, t.idempotencyKey),
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_run").on(t.runId),
  ],
);

/** Human tasks: approvals and forms to fill in. */
export const tasks = pgTable(
  "tasks",
  {
    rowid: rowid(),
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
    createdAt: millis("created_at").notNull(),
    dueAt: millis("due_at"),
    completedAt: millis("completed_at"),
    completedBy: text("completed_by"),
  },
  (t) => [index("tasks_status").on(t.tenantId, t.status)],
);

/** In-app notifications. */
export const notifications = pgTable(
  "notifications",
  {
    rowid: rowid(),
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    recipient: text("recipient").notNull(),
    title: text("title").notNull(),
    message: text("message").notNull(),
    link: text("link"),
    runId: text("run_id"),
    createdAt: millis("created_at").notNull(),
    readAt: millis("read_at"),
  },
  (t) => [index("notifications_recipient").on(t.tenantId, t.recipient, t.createdAt)],
);

/** The hash-chained audit log. `detail` is the canonical JSON text the entry's hash covers. */
export const auditEntries = pgTable(
  "audit_entries",
  {
    seq: serial("seq").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    at: millis("at").notNull(),
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

/** Small durable counters, e.g. for round-robin assignment and the audit chain's head. */
export const counters = pgTable(
  "counters",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);
