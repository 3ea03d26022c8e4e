CREATE TABLE `ticket_counts` (
	`status` text NOT NULL,
	`assignee` integer NOT NULL,
	`tickets` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`status`, `assignee`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Active tickets by status and assignee (0: nobody), kept by these triggers in the same
-- transaction as every write to tickets (docs/reports.md#how-the-overview-stays-cheap): the
-- overview's status counts, the unassigned pool and each engineer's blocked count read a few
-- rows, not the tickets. The view is the same numbers counted afresh (backfill, db:move, tests).
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
