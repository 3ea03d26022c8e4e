CREATE TABLE "ticket_counts" (
	"status" text NOT NULL,
	"assignee" integer NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_counts_status_assignee_pk" PRIMARY KEY("status","assignee")
);
--> statement-breakpoint
CREATE TABLE "user_counts" (
	"user_type" text NOT NULL,
	"user_status" text NOT NULL,
	"users" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "user_counts_user_type_user_status_pk" PRIMARY KEY("user_type","user_status")
);
--> statement-breakpoint
-- Active tickets by status and assignee (0: nobody) and users by role and standing, as SQLite's
-- migration 0011 keeps them (the why is there and in docs/reports.md#how-the-overview-stays-cheap).
CREATE VIEW ticket_counts_recount AS
  SELECT status, coalesce(assignee_id, 0) AS assignee, count(*)::integer AS tickets
  FROM tickets WHERE status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED') GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO ticket_counts (status, assignee, tickets) SELECT status, assignee, tickets FROM ticket_counts_recount;
--> statement-breakpoint
-- A ticket's old part taken away and its new one added in one statement, rows in key order, so
-- concurrent changes lock them in the same order (OLD is null on insert, NEW on delete).
CREATE FUNCTION tickets_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_counts AS c (status, assignee, tickets)
  SELECT v.status, v.assignee, sum(v.n) FROM (VALUES
    (OLD.status, coalesce(OLD.assignee_id, 0), -1),
    (NEW.status, coalesce(NEW.assignee_id, 0), 1)
  ) v(status, assignee, n)
  WHERE v.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED')
  GROUP BY v.status, v.assignee ORDER BY v.status, v.assignee
  ON CONFLICT (status, assignee) DO UPDATE SET tickets = c.tickets + excluded.tickets;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets
FOR EACH ROW WHEN (NEW.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED'))
EXECUTE FUNCTION tickets_count();
--> statement-breakpoint
CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets
FOR EACH ROW WHEN (OLD.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED'))
EXECUTE FUNCTION tickets_count();
--> statement-breakpoint
CREATE TRIGGER tickets_count_update AFTER UPDATE OF status, assignee_id ON tickets
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
EXECUTE FUNCTION tickets_count();
--> statement-breakpoint
CREATE VIEW user_counts_recount AS
  SELECT user_type, user_status, count(*)::integer AS users FROM users WHERE deleted_at IS NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO user_counts (user_type, user_status, users) SELECT user_type, user_status, users FROM user_counts_recount;
--> statement-breakpoint
CREATE FUNCTION users_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_counts AS c (user_type, user_status, users)
  SELECT v.user_type, v.user_status, sum(v.n) FROM (VALUES
    (CASE WHEN OLD.deleted_at IS NULL THEN OLD.user_type END, OLD.user_status, -1),
    (CASE WHEN NEW.deleted_at IS NULL THEN NEW.user_type END, NEW.user_status, 1)
  ) v(user_type, user_status, n)
  WHERE v.user_type IS NOT NULL
  GROUP BY v.user_type, v.user_status ORDER BY v.user_type, v.user_status
  ON CONFLICT (user_type, user_status) DO UPDATE SET users = c.users + excluded.users;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_count_insert AFTER INSERT ON users
FOR EACH ROW WHEN (NEW.deleted_at IS NULL)
EXECUTE FUNCTION users_count();
--> statement-breakpoint
CREATE TRIGGER users_count_delete AFTER DELETE ON users
FOR EACH ROW WHEN (OLD.deleted_at IS NULL)
EXECUTE FUNCTION users_count();
--> statement-breakpoint
CREATE TRIGGER users_count_update AFTER UPDATE OF user_type, user_status, deleted_at ON users
FOR EACH ROW WHEN (OLD.user_type IS DISTINCT FROM NEW.user_type
  OR OLD.user_status IS DISTINCT FROM NEW.user_status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
EXECUTE FUNCTION users_count();
