CREATE TABLE `revoked_sessions` (
	`sid` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `revoked_sessions_expires_idx` ON `revoked_sessions` (`expires_at`);
--> statement-breakpoint
-- Sessions follow the account (issue 9): any change of role or standing (type, status,
-- deactivation, deletion) ends every token and session issued before, whatever code path made
-- the change, in its own transaction. A statement that moves session_version itself is left alone.
CREATE TRIGGER users_standing_ends_sessions AFTER UPDATE OF user_type, user_status, deactivated_at, deleted_at ON users
WHEN OLD.session_version = NEW.session_version AND (
  OLD.user_type IS NOT NEW.user_type OR OLD.user_status IS NOT NEW.user_status
  OR OLD.deactivated_at IS NOT NEW.deactivated_at OR OLD.deleted_at IS NOT NEW.deleted_at)
BEGIN
  UPDATE users SET session_version = session_version + 1 WHERE id = NEW.id;
END;
