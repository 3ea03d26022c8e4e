-- The live feed (docs/notifications.md#live-updates) on PostgreSQL. Event ids come from a
-- sequence when the row is inserted, not when it commits, so a transaction can commit event 41
-- after another committed event 42: a reader that followed ids alone would pass 41 by. Each event
-- therefore records the transaction that wrote it, and readers take events in (tx, id) order, only
-- from transactions older than every one still running (pg_snapshot_xmin of their snapshot):
-- those positions are final, nothing can commit below them any more. drizzle-kit never sees this
-- column (it is not in db/postgres/schema.ts); db/feed/postgres.ts reads it.
ALTER TABLE ticket_events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
--> statement-breakpoint
CREATE INDEX ticket_events_feed_idx ON ticket_events (tx, id);
--> statement-breakpoint

-- The engineer's queue (GET /tickets?assignee=me&active=true&sort=queue, docs/tickets.md): working
-- tickets before blocked ones, then by priority, then oldest first, read in order from one index
-- instead of sorting each engineer's active tickets on every request. The expression is the one
-- lib/tickets/list-tickets.ts orders by.
CREATE INDEX tickets_queue_idx ON tickets (
  assignee_id,
  (CASE WHEN status = 'BLOCKED' THEN 10 ELSE 0 END + ticket_priority),
  number
) WHERE status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED');
