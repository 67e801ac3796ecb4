ALTER TABLE `inbox` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `inbox` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `rev` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `timers` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `timers` ADD `lease_until` integer;