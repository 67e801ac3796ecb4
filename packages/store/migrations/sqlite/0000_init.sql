CREATE TABLE `audit_entries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`object` text NOT NULL,
	`version` integer,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_tenant` ON `audit_entries` (`tenant_id`,`seq`);--> statement-breakpoint
CREATE TABLE `definition_drafts` (
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`definition_id` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `kind`, `definition_id`)
);
--> statement-breakpoint
CREATE TABLE `definition_versions` (
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`definition_id` text NOT NULL,
	`version` integer NOT NULL,
	`source` text NOT NULL,
	`body` text NOT NULL,
	`hash` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `kind`, `definition_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `definition_versions_status` ON `definition_versions` (`tenant_id`,`kind`,`status`);--> statement-breakpoint
CREATE TABLE `event_waits` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`token_id` text NOT NULL,
	`event_type` text NOT NULL,
	`match` text,
	`status` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_waits_type` ON `event_waits` (`tenant_id`,`event_type`,`status`);--> statement-breakpoint
CREATE TABLE `inbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`type` text NOT NULL,
	`source` text NOT NULL,
	`payload` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`status` text NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_idempotency` ON `inbox` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `inbox_status` ON `inbox` (`status`,`seq`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`recipient` text NOT NULL,
	`title` text NOT NULL,
	`message` text NOT NULL,
	`link` text,
	`run_id` text,
	`created_at` integer NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE INDEX `notifications_recipient` ON `notifications` (`tenant_id`,`recipient`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text,
	`token_id` text,
	`idempotency_key` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`result` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency` ON `outbox` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `record_fields` (
	`tenant_id` text NOT NULL,
	`entity` text NOT NULL,
	`field` text NOT NULL,
	`value` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `entity`, `field`, `value`, `record_id`)
);
--> statement-breakpoint
CREATE INDEX `record_fields_record` ON `record_fields` (`tenant_id`,`entity`,`record_id`);--> statement-breakpoint
CREATE TABLE `record_writes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`write_key` text NOT NULL,
	`run_id` text,
	`data` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_writes_key` ON `record_writes` (`tenant_id`,`write_key`);--> statement-breakpoint
CREATE TABLE `records` (
	`tenant_id` text NOT NULL,
	`entity` text NOT NULL,
	`id` text NOT NULL,
	`data` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `entity`, `id`)
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`mode` text NOT NULL,
	`trigger` text NOT NULL,
	`event_id` text,
	`parent_run_id` text,
	`status` text NOT NULL,
	`state` text NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_event_once` ON `runs` (`tenant_id`,`workflow_id`,`mode`,`event_id`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);--> statement-breakpoint
CREATE INDEX `runs_workflow` ON `runs` (`tenant_id`,`workflow_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `step_executions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`step_id` text NOT NULL,
	`token_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`status` text NOT NULL,
	`input` text,
	`output` text,
	`error` text,
	`explanation` text,
	`effects` text,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `step_executions_run` ON `step_executions` (`run_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `step_executions_once` ON `step_executions` (`run_id`,`token_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`token_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`assignees` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`due_at` integer,
	`completed_at` integer,
	`completed_by` text
);
--> statement-breakpoint
CREATE INDEX `tasks_status` ON `tasks` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`token_id` text NOT NULL,
	`purpose` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `timers_due` ON `timers` (`status`,`due_at`);