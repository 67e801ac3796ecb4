DROP INDEX `runs_event_once`;--> statement-breakpoint
CREATE UNIQUE INDEX `runs_event_once` ON `runs` (`tenant_id`,`workflow_id`,`mode`,`event_id`,`version`);