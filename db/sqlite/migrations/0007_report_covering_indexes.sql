DROP INDEX `tickets_created_idx`;--> statement-breakpoint
DROP INDEX `tickets_resolved_idx`;--> statement-breakpoint
CREATE INDEX `tickets_created_idx` ON `tickets` (`created_at`,`first_staff_reply_at`);--> statement-breakpoint
CREATE INDEX `tickets_resolved_idx` ON `tickets` (`resolved_at`,`created_at`);