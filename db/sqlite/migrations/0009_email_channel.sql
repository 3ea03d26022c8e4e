CREATE TABLE `inbound_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`channel` text NOT NULL,
	`mailbox_id` integer,
	`from_address` text,
	`subject` text,
	`size` integer NOT NULL,
	`raw_key` text,
	`status` text DEFAULT 'RECEIVED' NOT NULL,
	`reason` text,
	`ticket_number` integer,
	`reply_id` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_message_id_unique` ON `inbound_messages` (`message_id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_status_idx` ON `inbound_messages` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_ticket_idx` ON `inbound_messages` (`ticket_number`,`id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_sender_idx` ON `inbound_messages` (`from_address`,`received_at`);--> statement-breakpoint
CREATE TABLE `mailboxes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`sealed_url` text,
	`move_to` text,
	`enabled` integer DEFAULT true NOT NULL,
	`lease_until` integer,
	`claim_token` text,
	`last_checked_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mailboxes_name_unique` ON `mailboxes` (`name`);--> statement-breakpoint
ALTER TABLE `ticket_replies` ADD `source` text DEFAULT 'portal' NOT NULL;--> statement-breakpoint
ALTER TABLE `ticket_replies` ADD `addition` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_bounced_at` integer;