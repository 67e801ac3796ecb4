CREATE TABLE "audit_entries" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"at" bigint NOT NULL,
	"actor" text COLLATE "C" NOT NULL,
	"action" text COLLATE "C" NOT NULL,
	"object" text COLLATE "C" NOT NULL,
	"version" integer,
	"detail" text COLLATE "C" NOT NULL,
	"prev_hash" text COLLATE "C" NOT NULL,
	"hash" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "counters_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "definition_drafts" (
	"rowid" bigserial NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"definition_id" text COLLATE "C" NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text COLLATE "C" NOT NULL,
	CONSTRAINT "definition_drafts_tenant_id_kind_definition_id_pk" PRIMARY KEY("tenant_id","kind","definition_id")
);
--> statement-breakpoint
CREATE TABLE "definition_versions" (
	"rowid" bigserial NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"definition_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"body" text COLLATE "C" NOT NULL,
	"hash" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	CONSTRAINT "definition_versions_tenant_id_kind_definition_id_version_pk" PRIMARY KEY("tenant_id","kind","definition_id","version")
);
--> statement-breakpoint
CREATE TABLE "event_waits" (
	"rowid" bigserial NOT NULL,
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"run_id" text COLLATE "C" NOT NULL,
	"token_id" text COLLATE "C" NOT NULL,
	"event_type" text COLLATE "C" NOT NULL,
	"match" text COLLATE "C",
	"status" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"idempotency_key" text COLLATE "C" NOT NULL,
	"type" text COLLATE "C" NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"payload" text COLLATE "C" NOT NULL,
	"occurred_at" bigint NOT NULL,
	"received_at" bigint NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"processed_at" bigint,
	"lease_owner" text COLLATE "C",
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"rowid" bigserial NOT NULL,
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"recipient" text COLLATE "C" NOT NULL,
	"title" text COLLATE "C" NOT NULL,
	"message" text COLLATE "C" NOT NULL,
	"link" text COLLATE "C",
	"run_id" text COLLATE "C",
	"created_at" bigint NOT NULL,
	"read_at" bigint
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"rowid" bigserial NOT NULL,
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"run_id" text COLLATE "C",
	"token_id" text COLLATE "C",
	"idempotency_key" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"payload" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"last_error" text COLLATE "C",
	"result" text COLLATE "C",
	"created_at" bigint NOT NULL,
	"sent_at" bigint,
	"lease_owner" text COLLATE "C",
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "record_fields" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"entity" text COLLATE "C" NOT NULL,
	"field" text COLLATE "C" NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"record_id" text COLLATE "C" NOT NULL,
	CONSTRAINT "record_fields_tenant_id_entity_field_value_record_id_pk" PRIMARY KEY("tenant_id","entity","field","value","record_id")
);
--> statement-breakpoint
CREATE TABLE "record_writes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"entity" text COLLATE "C" NOT NULL,
	"record_id" text COLLATE "C" NOT NULL,
	"write_key" text COLLATE "C" NOT NULL,
	"run_id" text COLLATE "C",
	"data" text COLLATE "C" NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"entity" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"data" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "records_tenant_id_entity_id_pk" PRIMARY KEY("tenant_id","entity","id")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"rowid" bigserial NOT NULL,
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"workflow_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"mode" text COLLATE "C" NOT NULL,
	"trigger" text COLLATE "C" NOT NULL,
	"event_id" text COLLATE "C",
	"parent_run_id" text COLLATE "C",
	"status" text COLLATE "C" NOT NULL,
	"state" text COLLATE "C" NOT NULL,
	"error" text COLLATE "C",
	"started_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"finished_at" bigint,
	"rev" integer DEFAULT 0 NOT NULL,
	"lease_owner" text COLLATE "C",
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "step_executions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"run_id" text COLLATE "C" NOT NULL,
	"step_id" text COLLATE "C" NOT NULL,
	"token_id" text COLLATE "C" NOT NULL,
	"attempt" integer NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"input" text COLLATE "C",
	"output" text COLLATE "C",
	"error" text COLLATE "C",
	"explanation" text COLLATE "C",
	"effects" text COLLATE "C",
	"started_at" bigint NOT NULL,
	"finished_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"rowid" bigserial NOT NULL,
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"run_id" text COLLATE "C" NOT NULL,
	"token_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"title" text COLLATE "C" NOT NULL,
	"assignees" text COLLATE "C" NOT NULL,
	"payload" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"result" text COLLATE "C",
	"created_at" bigint NOT NULL,
	"due_at" bigint,
	"completed_at" bigint,
	"completed_by" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"rowid" bigserial NOT NULL,
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"run_id" text COLLATE "C" NOT NULL,
	"token_id" text COLLATE "C" NOT NULL,
	"purpose" text COLLATE "C" NOT NULL,
	"due_at" bigint NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"lease_owner" text COLLATE "C",
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"token_hash" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL,
	"last_used_at" bigint,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"roles" text COLLATE "C" NOT NULL,
	"region" text COLLATE "C",
	"manager_id" text COLLATE "C",
	CONSTRAINT "memberships_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text COLLATE "C" PRIMARY KEY NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"csrf_token" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"username" text COLLATE "C" NOT NULL,
	"display_name" text COLLATE "C" NOT NULL,
	"password_hash" text COLLATE "C" NOT NULL,
	"created_at" bigint NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"rowid" bigserial NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"definition_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"approver" text COLLATE "C" NOT NULL,
	"decision" text COLLATE "C" NOT NULL,
	"comment" text COLLATE "C",
	"at" bigint NOT NULL,
	CONSTRAINT "approvals_tenant_id_kind_definition_id_version_approver_pk" PRIMARY KEY("tenant_id","kind","definition_id","version","approver")
);
--> statement-breakpoint
CREATE TABLE "breaker_outcomes" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"subject" text COLLATE "C" NOT NULL,
	"outcome" text COLLATE "C" NOT NULL,
	"at" bigint NOT NULL,
	"detail" text COLLATE "C",
	CONSTRAINT "breaker_outcomes_tenant_id_key_subject_pk" PRIMARY KEY("tenant_id","key","subject")
);
--> statement-breakpoint
CREATE TABLE "breakers" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"state" text COLLATE "C" NOT NULL,
	"reason" text COLLATE "C",
	"detail" text COLLATE "C",
	"opened_at" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "breakers_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "component_whitelist" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"component_id" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"content_hash" text COLLATE "C" NOT NULL,
	"owner" text COLLATE "C" NOT NULL,
	"calls_per_minute" double precision,
	"added_by" text COLLATE "C" NOT NULL,
	"added_at" bigint NOT NULL,
	CONSTRAINT "component_whitelist_tenant_id_component_id_version_pk" PRIMARY KEY("tenant_id","component_id","version")
);
--> statement-breakpoint
CREATE TABLE "shadow_sessions" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"workflow_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"started_at" bigint NOT NULL,
	"started_by" text COLLATE "C" NOT NULL,
	"stopped_at" bigint,
	CONSTRAINT "shadow_sessions_tenant_id_workflow_id_version_pk" PRIMARY KEY("tenant_id","workflow_id","version")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakers" ADD CONSTRAINT "breakers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_whitelist" ADD CONSTRAINT "component_whitelist_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_sessions" ADD CONSTRAINT "shadow_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_tenant" ON "audit_entries" USING btree ("tenant_id","seq");--> statement-breakpoint
CREATE INDEX "definition_versions_status" ON "definition_versions" USING btree ("tenant_id","kind","status");--> statement-breakpoint
CREATE INDEX "event_waits_type" ON "event_waits" USING btree ("tenant_id","event_type","status");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_idempotency" ON "inbox" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "inbox_status" ON "inbox" USING btree ("status","seq");--> statement-breakpoint
CREATE INDEX "notifications_recipient" ON "notifications" USING btree ("tenant_id","recipient","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency" ON "outbox" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_run" ON "outbox" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "record_fields_record" ON "record_fields" USING btree ("tenant_id","entity","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "record_writes_key" ON "record_writes" USING btree ("tenant_id","write_key");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_event_once" ON "runs" USING btree ("tenant_id","workflow_id","mode","event_id","version");--> statement-breakpoint
CREATE INDEX "runs_status" ON "runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "runs_workflow" ON "runs" USING btree ("tenant_id","workflow_id","started_at");--> statement-breakpoint
CREATE INDEX "step_executions_run" ON "step_executions" USING btree ("run_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "step_executions_once" ON "step_executions" USING btree ("run_id","token_id","attempt");--> statement-breakpoint
CREATE INDEX "tasks_status" ON "tasks" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "timers_due" ON "timers" USING btree ("status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_owner" ON "api_tokens" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "memberships_user" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "memberships_manager" ON "memberships" USING btree ("tenant_id","manager_id");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "breaker_outcomes_window" ON "breaker_outcomes" USING btree ("tenant_id","key","at");