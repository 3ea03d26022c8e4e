CREATE TABLE `ticket_days` (
	`day` integer PRIMARY KEY NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`resolved` integer DEFAULT 0 NOT NULL,
	`first_reply_changes` integer DEFAULT 0 NOT NULL,
	`resolution_changes` integer DEFAULT 0 NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `ticket_waits` (
	`kind` text NOT NULL,
	`day` integer NOT NULL,
	`bucket` integer NOT NULL,
	`tickets` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `day`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The overview's rollups (docs/reports.md#how-the-overview-stays-cheap): kept by these triggers in
-- the same transaction as every write to tickets, whatever code path made it. A day is a UTC day
-- (days since the epoch); a wait is in milliseconds, at least 0, and falls in bucket 0 (under a
-- second) or 1 + floor(ln(ms / 1000) / ln(1.02)): 2% wide, the same expression everywhere
-- (db/rollups.ts reads it back). The *_changes counters move with every change of a day's waits.
-- The two views are the same numbers counted afresh from tickets: the backfill below, db:move's
-- check and the tests compare against them.
CREATE VIEW ticket_days_recount AS
  SELECT day, sum(created) AS created, sum(resolved) AS resolved FROM (
    SELECT created_at / 86400000 AS day, 1 AS created, 0 AS resolved FROM tickets
    UNION ALL
    SELECT resolved_at / 86400000, 0, 1 FROM tickets WHERE resolved_at IS NOT NULL
  ) GROUP BY day;
--> statement-breakpoint
CREATE VIEW ticket_waits_recount AS
  SELECT 'resolution' AS kind, resolved_at / 86400000 AS day,
    CASE WHEN max(resolved_at - created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(resolved_at - created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END AS bucket, count(*) AS tickets
  FROM tickets WHERE resolved_at IS NOT NULL GROUP BY 2, 3
  UNION ALL
  SELECT 'first_reply', created_at / 86400000,
    CASE WHEN max(first_staff_reply_at - created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(first_staff_reply_at - created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END, count(*)
  FROM tickets WHERE first_staff_reply_at IS NOT NULL GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO ticket_days (day, created, resolved) SELECT day, created, resolved FROM ticket_days_recount;
--> statement-breakpoint
INSERT INTO ticket_waits (kind, day, bucket, tickets) SELECT kind, day, bucket, tickets FROM ticket_waits_recount;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_insert AFTER INSERT ON tickets
BEGIN
  INSERT INTO ticket_days (day, created) VALUES (NEW.created_at / 86400000, 1)
    ON CONFLICT (day) DO UPDATE SET created = created + 1;
  INSERT INTO ticket_days (day, resolved, resolution_changes)
    SELECT NEW.resolved_at / 86400000, 1, 1 WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (day) DO UPDATE SET resolved = resolved + 1, resolution_changes = resolution_changes + 1;
  INSERT INTO ticket_waits (kind, day, bucket, tickets)
    SELECT 'resolution', NEW.resolved_at / 86400000, CASE WHEN max(NEW.resolved_at - NEW.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(NEW.resolved_at - NEW.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END, 1
    WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET tickets = tickets + 1;
  UPDATE ticket_days SET first_reply_changes = first_reply_changes + 1
    WHERE day = NEW.created_at / 86400000 AND NEW.first_staff_reply_at IS NOT NULL;
  INSERT INTO ticket_waits (kind, day, bucket, tickets)
    SELECT 'first_reply', NEW.created_at / 86400000, CASE WHEN max(NEW.first_staff_reply_at - NEW.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(NEW.first_staff_reply_at - NEW.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END, 1
    WHERE NEW.first_staff_reply_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET tickets = tickets + 1;
END;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_delete AFTER DELETE ON tickets
BEGIN
  UPDATE ticket_days SET created = created - 1 WHERE day = OLD.created_at / 86400000;
  UPDATE ticket_days SET resolved = resolved - 1, resolution_changes = resolution_changes + 1
    WHERE day = OLD.resolved_at / 86400000;
  UPDATE ticket_waits SET tickets = tickets - 1
    WHERE kind = 'resolution' AND day = OLD.resolved_at / 86400000
      AND bucket = CASE WHEN max(OLD.resolved_at - OLD.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(OLD.resolved_at - OLD.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END;
  UPDATE ticket_days SET first_reply_changes = first_reply_changes + 1
    WHERE day = OLD.created_at / 86400000 AND OLD.first_staff_reply_at IS NOT NULL;
  UPDATE ticket_waits SET tickets = tickets - 1
    WHERE kind = 'first_reply' AND day = OLD.created_at / 86400000 AND OLD.first_staff_reply_at IS NOT NULL
      AND bucket = CASE WHEN max(OLD.first_staff_reply_at - OLD.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(OLD.first_staff_reply_at - OLD.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END;
END;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_update AFTER UPDATE OF created_at, resolved_at, first_staff_reply_at ON tickets
WHEN OLD.created_at IS NOT NEW.created_at
  OR OLD.resolved_at IS NOT NEW.resolved_at
  OR OLD.first_staff_reply_at IS NOT NEW.first_staff_reply_at
BEGIN
  UPDATE ticket_days SET created = created - 1 WHERE day = OLD.created_at / 86400000;
  UPDATE ticket_days SET resolved = resolved - 1, resolution_changes = resolution_changes + 1
    WHERE day = OLD.resolved_at / 86400000;
  UPDATE ticket_waits SET tickets = tickets - 1
    WHERE kind = 'resolution' AND day = OLD.resolved_at / 86400000
      AND bucket = CASE WHEN max(OLD.resolved_at - OLD.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(OLD.resolved_at - OLD.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END;
  UPDATE ticket_days SET first_reply_changes = first_reply_changes + 1
    WHERE day = OLD.created_at / 86400000 AND OLD.first_staff_reply_at IS NOT NULL;
  UPDATE ticket_waits SET tickets = tickets - 1
    WHERE kind = 'first_reply' AND day = OLD.created_at / 86400000 AND OLD.first_staff_reply_at IS NOT NULL
      AND bucket = CASE WHEN max(OLD.first_staff_reply_at - OLD.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(OLD.first_staff_reply_at - OLD.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END;
  INSERT INTO ticket_days (day, created) VALUES (NEW.created_at / 86400000, 1)
    ON CONFLICT (day) DO UPDATE SET created = created + 1;
  INSERT INTO ticket_days (day, resolved, resolution_changes)
    SELECT NEW.resolved_at / 86400000, 1, 1 WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (day) DO UPDATE SET resolved = resolved + 1, resolution_changes = resolution_changes + 1;
  INSERT INTO ticket_waits (kind, day, bucket, tickets)
    SELECT 'resolution', NEW.resolved_at / 86400000, CASE WHEN max(NEW.resolved_at - NEW.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(NEW.resolved_at - NEW.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END, 1
    WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET tickets = tickets + 1;
  UPDATE ticket_days SET first_reply_changes = first_reply_changes + 1
    WHERE day = NEW.created_at / 86400000 AND NEW.first_staff_reply_at IS NOT NULL;
  INSERT INTO ticket_waits (kind, day, bucket, tickets)
    SELECT 'first_reply', NEW.created_at / 86400000, CASE WHEN max(NEW.first_staff_reply_at - NEW.created_at, 0) < 1000 THEN 0 ELSE 1 + CAST(ln(max(NEW.first_staff_reply_at - NEW.created_at, 0) / 1000.0) / ln(1.02) AS INTEGER) END, 1
    WHERE NEW.first_staff_reply_at IS NOT NULL
    ON CONFLICT (kind, day, bucket) DO UPDATE SET tickets = tickets + 1;
END;
