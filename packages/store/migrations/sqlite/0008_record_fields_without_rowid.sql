-- record_fields rows are nothing but their primary key: WITHOUT ROWID makes that key the table,
-- so each indexed field is written to two b-trees (the key and record_fields_record), not three.
-- drizzle-kit cannot express WITHOUT ROWID, hence this hand-written migration (see schema.ts).
CREATE TABLE `__new_record_fields` (
	`tenant_id` text NOT NULL,
	`entity` text NOT NULL,
	`field` text NOT NULL,
	`value` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `entity`, `field`, `value`, `record_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_record_fields`("tenant_id", "entity", "field", "value", "record_id") SELECT "tenant_id", "entity", "field", "value", "record_id" FROM `record_fields` ORDER BY "tenant_id", "entity", "field", "value", "record_id";--> statement-breakpoint
DROP TABLE `record_fields`;--> statement-breakpoint
ALTER TABLE `__new_record_fields` RENAME TO `record_fields`;--> statement-breakpoint
CREATE INDEX `record_fields_record` ON `record_fields` (`tenant_id`,`entity`,`record_id`);
