-- Everything the SQLite migrations do beyond the tables of db/postgres/schema.ts (0000_init),
-- ported to PostgreSQL: the working-count triggers (SQLite 0002), the session-ending trigger
-- (0008), the two list indexes made in raw SQL (0004) and the search document (0004), here
-- tsvector with a GIN index instead of FTS5. drizzle-kit never sees these objects: they are not
-- in the schema file, so `drizzle-kit generate` leaves them alone.

-- The time SQLite's triggers stamp: cast(unixepoch('subsec') * 1000 as integer), the statement's
-- time cut to the millisecond (SQLite's 'now' is fixed per statement, like statement_timestamp();
-- now() would give every assignment of a long transaction the same time).
CREATE FUNCTION caseline_ms_now() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT date_trunc('milliseconds', statement_timestamp())
$$;
--> statement-breakpoint

-- Working counts (docs/tickets.md#working-counts): every write to tickets keeps
-- users.working_count equal to a fresh COUNT(*) of the engineer's OPEN and IN_PROGRESS tickets,
-- whatever code path made the change; a new assignment stamps last_assigned_at.
CREATE FUNCTION tickets_working_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET
    working_count = working_count + (NEW.status IN ('OPEN', 'IN_PROGRESS'))::int,
    last_assigned_at = caseline_ms_now()
  WHERE id = NEW.assignee_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_working_insert AFTER INSERT ON tickets
FOR EACH ROW WHEN (NEW.assignee_id IS NOT NULL)
EXECUTE FUNCTION tickets_working_insert();
--> statement-breakpoint
CREATE FUNCTION tickets_working_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET working_count = working_count - 1 WHERE id = OLD.assignee_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_working_delete AFTER DELETE ON tickets
FOR EACH ROW WHEN (OLD.assignee_id IS NOT NULL AND OLD.status IN ('OPEN', 'IN_PROGRESS'))
EXECUTE FUNCTION tickets_working_delete();
--> statement-breakpoint
-- One UPDATE for both engineers: their rows are locked in index order (id), so two concurrent
-- reassignments in opposite directions don't deadlock on each other.
CREATE FUNCTION tickets_working_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET
    working_count = working_count
      - CASE WHEN id = OLD.assignee_id AND OLD.status IN ('OPEN', 'IN_PROGRESS') THEN 1 ELSE 0 END
      + CASE WHEN id = NEW.assignee_id AND NEW.status IN ('OPEN', 'IN_PROGRESS') THEN 1 ELSE 0 END,
    last_assigned_at = CASE
      WHEN id = NEW.assignee_id AND OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
      THEN caseline_ms_now() ELSE last_assigned_at END
  WHERE id = ANY (ARRAY[OLD.assignee_id, NEW.assignee_id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_working_update AFTER UPDATE OF assignee_id, status ON tickets
FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION tickets_working_update();
--> statement-breakpoint

-- Sessions follow the account (issue 9, SQLite 0008): any change of role or standing (type,
-- status, deactivation, deletion) ends every token and session issued before, whatever code path
-- made the change, in its own transaction. A statement that moves session_version itself is left
-- alone. BEFORE rather than AFTER: the row is written once, and RETURNING shows the new version.
CREATE FUNCTION users_standing_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.session_version := NEW.session_version + 1;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_standing_ends_sessions
BEFORE UPDATE OF user_type, user_status, deactivated_at, deleted_at ON users
FOR EACH ROW WHEN (OLD.session_version = NEW.session_version AND (
  OLD.user_type IS DISTINCT FROM NEW.user_type OR OLD.user_status IS DISTINCT FROM NEW.user_status
  OR OLD.deactivated_at IS DISTINCT FROM NEW.deactivated_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at))
EXECUTE FUNCTION users_standing_ends_sessions();
--> statement-breakpoint

-- Lists filtered by status (one or several, such as the active views) and sorted by priority or
-- by last update read these in order (SQLite 0004 makes the same two).
CREATE INDEX tickets_status_priority_idx ON tickets (status, ticket_priority, number);
--> statement-breakpoint
CREATE INDEX tickets_status_updated_idx ON tickets (status, updated_at, number);
--> statement-breakpoint

-- Search (docs/tickets.md#search): one document per ticket, like SQLite's ticket_search. public_doc
-- holds the title (weight A), the description (B) and the public replies (C); notes_doc the
-- internal notes, which only staff searches read. Customers' searches are confined to their own
-- tickets through reporter_id. db/search/postgres.ts builds the queries.
CREATE TABLE ticket_search (
  ticket_number integer PRIMARY KEY REFERENCES tickets (number) ON DELETE CASCADE,
  reporter_id integer NOT NULL,
  public_doc tsvector NOT NULL,
  notes_doc tsvector NOT NULL
);
--> statement-breakpoint
-- One GIN index over everything staff may search. A customer's query adds this same condition
-- (implied by its public_doc one) so that it can use the index too, beside reporter_id: one GIN
-- index to update per write instead of one per column.
CREATE INDEX ticket_search_doc_idx ON ticket_search USING gin ((public_doc || notes_doc));
--> statement-breakpoint
CREATE INDEX ticket_search_reporter_idx ON ticket_search (reporter_id, ticket_number);
--> statement-breakpoint
-- The text as the search sees it, close to SQLite's `unicode61 remove_diacritics 2` tokenizer and to
-- the words db/search takes from a query: accents dropped (NFKD, then the combining marks), and
-- every ASCII punctuation mark but `_` is a space (a regexp: translate() is several times slower). Without that, PostgreSQL's parser keeps
-- "intranet.example.com", "john@example.com" or "C:\dir\file.exe" as single tokens that no typed
-- word finds, and drops "<select>" as an HTML tag.
CREATE FUNCTION ticket_search_text(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(
    regexp_replace(normalize(body, NFKD), '[\u0300-\u036f]+', '', 'g'),
    '[!-/:-@[-^`{-~]+', ' ', 'g')
$$;
--> statement-breakpoint
-- English stemming ("printing" finds "printed"), weighted for ranking. A tsvector holds at most
-- 1 MB of lexemes: past that (tens of thousands of distinct words in one ticket, such as pasted
-- logs full of hashes), the document keeps the start of the text, as much as fits, instead of
-- failing the write. 100,000 characters always fit (a lexeme and its position take at most 4.5
-- bytes per character of text), so a single title, description or reply skips the sub-block;
-- the sub-block only computes, so it never takes a subtransaction id.
CREATE FUNCTION ticket_search_vector(body text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  t text := ticket_search_text(body);
BEGIN
  IF length(t) <= 100000 THEN
    RETURN coalesce(setweight(to_tsvector('english', t), weight), ''::tsvector);
  END IF;
  LOOP
    BEGIN
      RETURN coalesce(setweight(to_tsvector('english', t), weight), ''::tsvector);
    EXCEPTION WHEN program_limit_exceeded THEN
      t := left(t, length(t) / 4 * 3);
    END;
  END LOOP;
END
$$;
--> statement-breakpoint
-- doc || more, or doc unchanged once the document is full (see ticket_search_vector).
CREATE FUNCTION ticket_search_append(doc tsvector, more tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN doc || more;
EXCEPTION WHEN program_limit_exceeded THEN
  RETURN doc;
END
$$;
--> statement-breakpoint
-- Recomputes one ticket's document from its rows (a no-op once the ticket is gone). The row lock
-- comes first, in its own statement: at READ COMMITTED the aggregate that follows then reads with
-- a snapshot taken after any concurrent writer of this document committed, so a reply appended by
-- another transaction meanwhile is never overwritten by a stale aggregate.
CREATE FUNCTION ticket_search_refresh(n integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM ticket_search WHERE ticket_number = n FOR UPDATE;
  INSERT INTO ticket_search AS s (ticket_number, reporter_id, public_doc, notes_doc)
  SELECT t.number, t.reporter_id,
    ticket_search_append(
      ticket_search_vector(t.title, 'A') || ticket_search_vector(t.description, 'B'),
      ticket_search_vector((SELECT string_agg(r.body, E'\n' ORDER BY r.id) FROM ticket_replies r
        WHERE r.ticket_number = t.number AND NOT r.internal), 'C')),
    ticket_search_vector((SELECT string_agg(r.body, E'\n' ORDER BY r.id) FROM ticket_replies r
      WHERE r.ticket_number = t.number AND r.internal), 'C')
  FROM tickets t WHERE t.number = n
  ON CONFLICT (ticket_number) DO UPDATE SET
    reporter_id = excluded.reporter_id, public_doc = excluded.public_doc, notes_doc = excluded.notes_doc;
END
$$;
--> statement-breakpoint
-- Tickets already there (none on a fresh database; a database filled with triggers disabled can
-- run the same statement to rebuild every document).
SELECT ticket_search_refresh(number) FROM tickets;
--> statement-breakpoint
CREATE FUNCTION ticket_search_ticket_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search (ticket_number, reporter_id, public_doc, notes_doc)
  VALUES (NEW.number, NEW.reporter_id,
    ticket_search_vector(NEW.title, 'A') || ticket_search_vector(NEW.description, 'B'), '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION ticket_search_ticket_insert();
--> statement-breakpoint
-- A new title or description is recomputed with the replies (the document can't take one part
-- out); a new reporter alone only moves reporter_id.
CREATE FUNCTION ticket_search_ticket_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description THEN
    PERFORM ticket_search_refresh(NEW.number);
  ELSE
    UPDATE ticket_search SET reporter_id = NEW.reporter_id WHERE ticket_number = NEW.number;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, description, reporter_id ON tickets
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description
  OR OLD.reporter_id IS DISTINCT FROM NEW.reporter_id)
EXECUTE FUNCTION ticket_search_ticket_update();
--> statement-breakpoint
-- A new reply or note is appended to its column: a ticket with thousands of replies is not
-- re-read and re-parsed on each one (SQLite 0004 rebuilds the whole document).
CREATE FUNCTION ticket_search_reply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.internal THEN
    UPDATE ticket_search SET notes_doc = ticket_search_append(notes_doc, ticket_search_vector(NEW.body, 'C'))
    WHERE ticket_number = NEW.ticket_number;
  ELSE
    UPDATE ticket_search SET public_doc = ticket_search_append(public_doc, ticket_search_vector(NEW.body, 'C'))
    WHERE ticket_number = NEW.ticket_number;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_reply_insert AFTER INSERT ON ticket_replies
FOR EACH ROW EXECUTE FUNCTION ticket_search_reply_insert();
--> statement-breakpoint
-- An edited reply, a reply turned into a note or back (or moved to another ticket) recomputes.
CREATE FUNCTION ticket_search_reply_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_search_refresh(NEW.ticket_number);
  IF OLD.ticket_number <> NEW.ticket_number THEN
    PERFORM ticket_search_refresh(OLD.ticket_number);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_reply_change AFTER UPDATE OF body, internal, ticket_number ON ticket_replies
FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.internal IS DISTINCT FROM NEW.internal
  OR OLD.ticket_number IS DISTINCT FROM NEW.ticket_number)
EXECUTE FUNCTION ticket_search_reply_change();
--> statement-breakpoint
-- Per statement, once per ticket: deleting a ticket cascades to its replies in one statement, and
-- its document is gone with it (the refresh finds no ticket and does nothing).
CREATE FUNCTION ticket_search_reply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_search_refresh(n) FROM (SELECT DISTINCT ticket_number AS n FROM gone) g;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_reply_delete AFTER DELETE ON ticket_replies
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_reply_delete();
