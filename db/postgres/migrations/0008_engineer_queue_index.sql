-- tickets_queue_idx has existed on PostgreSQL since 0002_live_feed.sql, written by hand. The schema
-- (db/postgres/schema.ts) now declares it, as db/sqlite/schema.ts does for SQLite's 0013, so that
-- drizzle-kit's snapshot knows it and never generates it again: nothing to change in the database.
SELECT 1;
