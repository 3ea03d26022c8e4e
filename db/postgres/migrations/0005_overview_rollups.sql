CREATE TABLE "ticket_days" (
	"day" integer NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"first_reply_changes" integer DEFAULT 0 NOT NULL,
	"resolution_changes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_days_day_pk" PRIMARY KEY("day")
);
--> statement-breakpoint
CREATE TABLE "ticket_waits" (
	"kind" text NOT NULL,
	"day" integer NOT NULL,
	"bucket" integer NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_waits_kind_day_bucket_pk" PRIMARY KEY("kind","day","bucket")
);
--> statement-breakpoint
-- The overview's rollups, as SQLite's migration 0010 keeps them (the why is there and in
-- docs/reports.md#how-the-overview-stays-cheap): a UTC day as days since the epoch, and a wait's
-- bucket: 0 under a second, else 1 + floor(ln(ms / 1000) / ln(1.02)).
CREATE FUNCTION caseline_day(ts timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT floor(extract(epoch FROM ts) / 86400)::integer
$$;
--> statement-breakpoint
CREATE FUNCTION caseline_wait_bucket(later timestamptz, earlier timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms < 1000 THEN 0 ELSE 1 + floor(ln(ms / 1000.0) / ln(1.02))::integer END
  FROM (SELECT greatest(extract(epoch FROM (later - earlier)) * 1000, 0)::double precision AS ms) w
$$;
--> statement-breakpoint
CREATE VIEW ticket_days_recount AS
  SELECT day, sum(created)::integer AS created, sum(resolved)::integer AS resolved FROM (
    SELECT caseline_day(created_at) AS day, 1 AS created, 0 AS resolved FROM tickets
    UNION ALL
    SELECT caseline_day(resolved_at), 0, 1 FROM tickets WHERE resolved_at IS NOT NULL
  ) counted GROUP BY day;
--> statement-breakpoint
CREATE VIEW ticket_waits_recount AS
  SELECT 'resolution'::text AS kind, caseline_day(resolved_at) AS day,
    caseline_wait_bucket(resolved_at, created_at) AS bucket, count(*)::integer AS tickets
  FROM tickets WHERE resolved_at IS NOT NULL GROUP BY 2, 3
  UNION ALL
  SELECT 'first_reply', caseline_day(created_at),
    caseline_wait_bucket(first_staff_reply_at, created_at), count(*)::integer
  FROM tickets WHERE first_staff_reply_at IS NOT NULL GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO ticket_days (day, created, resolved) SELECT day, created, resolved FROM ticket_days_recount;
--> statement-breakpoint
INSERT INTO ticket_waits (kind, day, bucket, tickets) SELECT kind, day, bucket, tickets FROM ticket_waits_recount;
--> statement-breakpoint
-- One ticket's part in the rollups, added (sign 1) or taken away (-1). Each table in one
-- statement with its rows in key order, so concurrent changes lock them in the same order.
CREATE FUNCTION tickets_rollup(t tickets, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  created_day integer := caseline_day(t.created_at);
  resolved_day integer := caseline_day(t.resolved_at);
BEGIN
  INSERT INTO ticket_days AS d (day, created, resolved, first_reply_changes, resolution_changes)
  SELECT v.day, sum(v.created), sum(v.resolved), sum(v.first_reply_changes), sum(v.resolution_changes)
  FROM (VALUES
    (created_day, sign, 0, (t.first_staff_reply_at IS NOT NULL)::integer, 0),
    (resolved_day, 0, sign, 0, 1)
  ) v(day, created, resolved, first_reply_changes, resolution_changes)
  WHERE v.day IS NOT NULL
  GROUP BY v.day ORDER BY v.day
  ON CONFLICT (day) DO UPDATE SET
    created = d.created + excluded.created,
    resolved = d.resolved + excluded.resolved,
    first_reply_changes = d.first_reply_changes + excluded.first_reply_changes,
    resolution_changes = d.resolution_changes + excluded.resolution_changes;

  INSERT INTO ticket_waits AS w (kind, day, bucket, tickets)
  SELECT v.kind, v.day, v.bucket, sign
  FROM (VALUES
    ('first_reply', created_day,
      CASE WHEN t.first_staff_reply_at IS NOT NULL
        THEN caseline_wait_bucket(t.first_staff_reply_at, t.created_at) END),
    ('resolution', resolved_day,
      CASE WHEN t.resolved_at IS NOT NULL THEN caseline_wait_bucket(t.resolved_at, t.created_at) END)
  ) v(kind, day, bucket)
  WHERE v.bucket IS NOT NULL
  ORDER BY v.kind, v.day, v.bucket
  ON CONFLICT (kind, day, bucket) DO UPDATE SET tickets = w.tickets + excluded.tickets;
END
$$;
--> statement-breakpoint
CREATE FUNCTION tickets_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tickets_rollup(NEW, 1);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION tickets_rollup_insert();
--> statement-breakpoint
CREATE FUNCTION tickets_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tickets_rollup(OLD, -1);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_delete AFTER DELETE ON tickets
FOR EACH ROW EXECUTE FUNCTION tickets_rollup_delete();
--> statement-breakpoint
CREATE FUNCTION tickets_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tickets_rollup(OLD, -1);
  PERFORM tickets_rollup(NEW, 1);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_update AFTER UPDATE OF created_at, resolved_at, first_staff_reply_at ON tickets
FOR EACH ROW WHEN (
  OLD.created_at IS DISTINCT FROM NEW.created_at
  OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
  OR OLD.first_staff_reply_at IS DISTINCT FROM NEW.first_staff_reply_at
)
EXECUTE FUNCTION tickets_rollup_update();
