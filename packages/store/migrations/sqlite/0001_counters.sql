CREATE TABLE `counters` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`)
);
