CREATE TABLE `ticket_counts` (
	`status` text NOT NULL,
	`assignee` integer NOT NULL,
	`tickets` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`status`, `assignee`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `user_counts` (
	`user_type` text NOT NULL,
	`user_status` text NOT NULL,
	`users` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_type`, `user_status`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Active tickets by status and assignee (0: nobody), and users by role and standing (the deleted
-- left out), kept by these triggers in the same transaction as every write to tickets or users
-- (docs/reports.md#how-the-overview-stays-cheap): the overview's status counts, the unassigned
-- pool, each engineer's blocked count and the people counts read a few rows, not the tables.
-- The views are the same numbers counted afresh (the backfill, db:move's check, the tests).
CREATE VIEW ticket_counts_recount AS
  SELECT status, coalesce(assignee_id, 0) AS assignee, count(*) AS tickets
  FROM tickets WHERE status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED') GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO ticket_counts (status, assignee, tickets) SELECT status, assignee, tickets FROM ticket_counts_recount;
--> statement-breakpoint
CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets
WHEN NEW.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED')
BEGIN
  INSERT INTO ticket_counts (status, assignee, tickets) VALUES (NEW.status, coalesce(NEW.assignee_id, 0), 1)
    ON CONFLICT (status, assignee) DO UPDATE SET tickets = tickets + 1;
END;
--> statement-breakpoint
CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets
WHEN OLD.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED')
BEGIN
  UPDATE ticket_counts SET tickets = tickets - 1
    WHERE status = OLD.status AND assignee = coalesce(OLD.assignee_id, 0);
END;
--> statement-breakpoint
CREATE TRIGGER tickets_count_update AFTER UPDATE OF status, assignee_id ON tickets
WHEN OLD.status IS NOT NEW.status OR OLD.assignee_id IS NOT NEW.assignee_id
BEGIN
  UPDATE ticket_counts SET tickets = tickets - 1
    WHERE status = OLD.status AND assignee = coalesce(OLD.assignee_id, 0);
  INSERT INTO ticket_counts (status, assignee, tickets)
    SELECT NEW.status, coalesce(NEW.assignee_id, 0), 1 WHERE NEW.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED')
    ON CONFLICT (status, assignee) DO UPDATE SET tickets = tickets + 1;
END;
--> statement-breakpoint
CREATE VIEW user_counts_recount AS
  SELECT user_type, user_status, count(*) AS users FROM users WHERE deleted_at IS NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO user_counts (user_type, user_status, users) SELECT user_type, user_status, users FROM user_counts_recount;
--> statement-breakpoint
CREATE TRIGGER users_count_insert AFTER INSERT ON users
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO user_counts (user_type, user_status, users) VALUES (NEW.user_type, NEW.user_status, 1)
    ON CONFLICT (user_type, user_status) DO UPDATE SET users = users + 1;
END;
--> statement-breakpoint
CREATE TRIGGER users_count_delete AFTER DELETE ON users
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE user_counts SET users = users - 1
    WHERE user_type = OLD.user_type AND user_status = OLD.user_status;
END;
--> statement-breakpoint
CREATE TRIGGER users_count_update AFTER UPDATE OF user_type, user_status, deleted_at ON users
WHEN OLD.user_type IS NOT NEW.user_type OR OLD.user_status IS NOT NEW.user_status
  OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
  UPDATE user_counts SET users = users - 1
    WHERE user_type = OLD.user_type AND user_status = OLD.user_status AND OLD.deleted_at IS NULL;
  INSERT INTO user_counts (user_type, user_status, users)
    SELECT NEW.user_type, NEW.user_status, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (user_type, user_status) DO UPDATE SET users = users + 1;
END;
