CREATE TABLE `approvals` (
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`definition_id` text NOT NULL,
	`version` integer NOT NULL,
	`approver` text NOT NULL,
	`decision` text NOT NULL,
	`comment` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `kind`, `definition_id`, `version`, `approver`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `breaker_outcomes` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`subject` text NOT NULL,
	`outcome` text NOT NULL,
	`at` integer NOT NULL,
	`detail` text,
	PRIMARY KEY(`tenant_id`, `key`, `subject`)
);
--> statement-breakpoint
CREATE INDEX `breaker_outcomes_window` ON `breaker_outcomes` (`tenant_id`,`key`,`at`);--> statement-breakpoint
CREATE TABLE `breakers` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`detail` text,
	`opened_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `component_whitelist` (
	`tenant_id` text NOT NULL,
	`component_id` text NOT NULL,
	`version` text NOT NULL,
	`content_hash` text NOT NULL,
	`owner` text NOT NULL,
	`calls_per_minute` real,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `component_id`, `version`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `shadow_sessions` (
	`tenant_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`started_at` integer NOT NULL,
	`started_by` text NOT NULL,
	`stopped_at` integer,
	PRIMARY KEY(`tenant_id`, `workflow_id`, `version`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
