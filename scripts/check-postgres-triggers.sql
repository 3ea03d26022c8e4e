-- Checks the PostgreSQL triggers of db/postgres/migrations/0001_triggers_and_search.sql in plain
-- SQL: working counts equal a fresh count(*) after inserts, reassignments, status changes and
-- deletes, last_assigned_at is stamped, session_version follows the account's standing, and the
-- search documents (ticket_search) match a recomputation after every kind of ticket and reply write.
-- Run it on a freshly migrated, empty database; everything happens in one transaction that is
-- rolled back, and psql exits non-zero if a check fails:
--   psql -X -q -d postgres://…/db -f scripts/check-postgres-triggers.sql
\set ON_ERROR_STOP 1
\pset footer off
BEGIN;
CREATE TEMP TABLE checks (name text, ok boolean);
CREATE FUNCTION pg_temp.working_ok() RETURNS boolean LANGUAGE sql AS $$
  SELECT bool_and(u.working_count = (SELECT count(*) FROM tickets t
    WHERE t.assignee_id = u.id AND t.status IN ('OPEN', 'IN_PROGRESS'))) FROM users u
$$;
INSERT INTO users (id, user_id, name, email, password_hash, user_type, user_status) VALUES
  (1, 'cust', 'C', 'c@x', 'h', 'CUSTOMER', 'APPROVED'),
  (2, 'cust2', 'C2', 'c2@x', 'h', 'CUSTOMER', 'APPROVED'),
  (3, 'eng1', 'E1', 'e1@x', 'h', 'ENGINEER', 'APPROVED'),
  (4, 'eng2', 'E2', 'e2@x', 'h', 'ENGINEER', 'APPROVED');
-- ids 1..4
INSERT INTO tickets (id, title, description, reporter_id, assignee_id, status) VALUES
  ('t1', 'Printer broken', 'It printed garbage at intranet.example.com', 1, 3, 'OPEN'),
  ('t2', 'VPN', 'cannot connect', 1, 3, 'IN_PROGRESS'),
  ('t3', 'Mail', 'bounced', 2, 3, 'BLOCKED'),
  ('t4', 'Pool ticket', 'nobody', 2, NULL, 'OPEN');
INSERT INTO checks SELECT 'insert: counts', pg_temp.working_ok();
INSERT INTO checks SELECT 'insert: eng1 = 2', working_count = 2 FROM users WHERE id = 3;
INSERT INTO checks SELECT 'insert: last_assigned_at stamped (ms)', last_assigned_at IS NOT NULL
  AND last_assigned_at = date_trunc('milliseconds', last_assigned_at) FROM users WHERE id = 3;
INSERT INTO checks SELECT 'insert: unassigned eng2 not stamped', last_assigned_at IS NULL FROM users WHERE id = 4;
-- A later statement (statement_timestamp moves on within the transaction).
SELECT pg_sleep(0.01) \g /dev/null
UPDATE tickets SET assignee_id = 4 WHERE id = 't4';
INSERT INTO checks SELECT 'assign pool ticket: counts', pg_temp.working_ok();
INSERT INTO checks SELECT 'assign: eng2 stamped after eng1',
  (SELECT last_assigned_at FROM users WHERE id = 4) > (SELECT last_assigned_at FROM users WHERE id = 3);
SELECT last_assigned_at AS eng1_before FROM users WHERE id = 3 \gset
UPDATE tickets SET status = 'BLOCKED' WHERE id = 't1';
UPDATE tickets SET status = 'OPEN' WHERE id = 't3';
UPDATE tickets SET status = 'IN_PROGRESS' WHERE id = 't2';
INSERT INTO checks SELECT 'status changes: counts', pg_temp.working_ok();
INSERT INTO checks SELECT 'status change: no stamp', last_assigned_at = :'eng1_before' FROM users WHERE id = 3;
SELECT pg_sleep(0.01) \g /dev/null
UPDATE tickets SET assignee_id = 4, status = 'RESOLVED' WHERE id = 't2';
UPDATE tickets SET assignee_id = CASE WHEN assignee_id = 3 THEN 4 ELSE 3 END WHERE assignee_id IS NOT NULL;
INSERT INTO checks SELECT 'reassign (swap both ways in one statement): counts', pg_temp.working_ok();
INSERT INTO checks SELECT 'reassign: eng1 stamped again', last_assigned_at > :'eng1_before' FROM users WHERE id = 3;
UPDATE tickets SET assignee_id = NULL WHERE id = 't3';
UPDATE tickets SET title = title WHERE true;
INSERT INTO checks SELECT 'unassign + no-op update: counts', pg_temp.working_ok();
UPDATE tickets SET status = 'IN_PROGRESS', assignee_id = 3 WHERE id = 't1';
SELECT working_count AS eng1_working FROM users WHERE id = 3 \gset
DELETE FROM tickets WHERE id = 't1';
INSERT INTO checks SELECT 'delete of a working ticket: counts', pg_temp.working_ok()
  AND working_count = :eng1_working - 1 FROM users WHERE id = 3;
INSERT INTO checks SELECT 'counts are not all zero', sum(working_count) > 0 FROM users;

-- Sessions: a change of type, status, deactivation or deletion bumps session_version once; a
-- statement that moves it itself, or sets the same value, is left alone.
UPDATE users SET user_status = 'REJECTED' WHERE id = 4;
INSERT INTO checks SELECT 'status change bumps', session_version = 2 FROM users WHERE id = 4;
UPDATE users SET user_status = 'REJECTED', user_type = 'ENGINEER' WHERE id = 4;
INSERT INTO checks SELECT 'same values: no bump', session_version = 2 FROM users WHERE id = 4;
UPDATE users SET user_type = 'ADMIN', user_status = 'PENDING' WHERE id = 4;
INSERT INTO checks SELECT 'two columns: one bump', session_version = 3 FROM users WHERE id = 4;
UPDATE users SET deactivated_at = now() WHERE id = 2;
UPDATE users SET deactivated_at = NULL WHERE id = 2;
INSERT INTO checks SELECT 'deactivate + reactivate: two bumps', session_version = 3 FROM users WHERE id = 2;
UPDATE users SET deleted_at = now(), session_version = session_version + 1 WHERE id = 2;
INSERT INTO checks SELECT 'deletion moving session_version itself: its own +1 only', session_version = 4 FROM users WHERE id = 2;
UPDATE users SET name = 'other', working_count = working_count WHERE id = 1;
INSERT INTO checks SELECT 'other columns: no bump', session_version = 1 FROM users WHERE id = 1;
WITH u AS (UPDATE users SET user_status = 'PENDING' WHERE id = 3 RETURNING session_version AS v)
INSERT INTO checks SELECT 'RETURNING shows the bumped version', v = 2 FROM u;
UPDATE users SET user_status = 'APPROVED' WHERE id = 3;

-- Search documents.
CREATE FUNCTION pg_temp.staff(q text) RETURNS int[] LANGUAGE sql AS $$
  SELECT coalesce(array_agg(ticket_number ORDER BY ticket_number), '{}') FROM ticket_search
  WHERE (public_doc || notes_doc) @@ plainto_tsquery('english', ticket_search_text(q))
$$;
CREATE FUNCTION pg_temp.cust(r int, q text) RETURNS int[] LANGUAGE sql AS $$
  SELECT coalesce(array_agg(ticket_number ORDER BY ticket_number), '{}') FROM ticket_search
  WHERE reporter_id = r AND (public_doc || notes_doc) @@ plainto_tsquery('english', ticket_search_text(q))
    AND public_doc @@ plainto_tsquery('english', ticket_search_text(q))
$$;
-- A fresh recomputation must equal what the triggers kept (same lexemes and weights; positions
-- differ between appended and aggregated text, so compare the lexeme/weight sets).
CREATE FUNCTION pg_temp.lw(v tsvector) RETURNS text[] LANGUAGE sql AS $$
  SELECT coalesce(array_agg(lexeme || ':' || array_to_string(ARRAY(SELECT DISTINCT w FROM unnest(weights) w ORDER BY 1), '') ORDER BY lexeme), '{}') FROM unnest(v)
$$;
CREATE FUNCTION pg_temp.docs_fresh() RETURNS boolean LANGUAGE sql AS $$
  SELECT (SELECT count(*) FROM ticket_search) = (SELECT count(*) FROM tickets) AND coalesce(bool_and(
    s.reporter_id = t.reporter_id
    AND pg_temp.lw(s.public_doc) = pg_temp.lw(setweight(to_tsvector('english', ticket_search_text(t.title)), 'A')
      || setweight(to_tsvector('english', ticket_search_text(t.description)), 'B')
      || setweight(to_tsvector('english', ticket_search_text(coalesce((SELECT string_agg(body, ' ') FROM ticket_replies r WHERE r.ticket_number = t.number AND NOT r.internal), ''))), 'C'))
    AND pg_temp.lw(s.notes_doc) = pg_temp.lw(setweight(to_tsvector('english', ticket_search_text(coalesce((SELECT string_agg(body, ' ') FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal), ''))), 'C'))
  ), true) FROM tickets t JOIN ticket_search s ON s.ticket_number = t.number
$$;
INSERT INTO checks SELECT 'docs after ticket inserts and a delete', pg_temp.docs_fresh();
INSERT INTO tickets (id, title, description, reporter_id) VALUES
  ('t5', 'Printing stopped', 'The printer at intranet.example.com <select> café', 1);
SELECT number AS t5 FROM tickets WHERE id = 't5' \gset
INSERT INTO checks SELECT '"printed" finds "Printing"', pg_temp.staff('printed') = ARRAY[:t5];
INSERT INTO checks SELECT 'a host part is a word', pg_temp.staff('intranet') = ARRAY[:t5];
INSERT INTO checks SELECT 'an HTML-looking word is a word', pg_temp.staff('select') = ARRAY[:t5];
INSERT INTO checks SELECT 'accents ignored', pg_temp.staff('cafe') = ARRAY[:t5] AND pg_temp.staff('CAFÉ') = ARRAY[:t5];
INSERT INTO checks SELECT 'every word must match', pg_temp.staff('printer nowhere') = '{}'::int[];
INSERT INTO ticket_replies (ticket_number, author_id, body, internal) VALUES
  (:t5, 3, 'Replaced the toner cartridge', false),
  (:t5, 3, 'Secret supplier discount zanzibar', true);
INSERT INTO tickets (id, title, description, reporter_id) VALUES ('t6', 'Toner', 'low', 2);
SELECT number AS t6 FROM tickets WHERE id = 't6' \gset
INSERT INTO ticket_replies (ticket_number, author_id, body) VALUES (:t6, 3, 'It printed fine after a restart');
INSERT INTO checks SELECT '"printing" finds "printed" (in a reply)', pg_temp.staff('printing') = ARRAY[:t5, :t6];
INSERT INTO checks SELECT 'docs after reply inserts', pg_temp.docs_fresh();
INSERT INTO checks SELECT 'staff find a reply word', pg_temp.staff('cartridge') = ARRAY[:t5];
INSERT INTO checks SELECT 'staff find a note word', pg_temp.staff('zanzibar') = ARRAY[:t5];
INSERT INTO checks SELECT 'staff: words across title and note', pg_temp.staff('printing zanzibar') = ARRAY[:t5];
INSERT INTO checks SELECT 'note not in public_doc', NOT (public_doc @@ to_tsquery('english', 'zanzibar'))
  AND notes_doc @@ to_tsquery('english', 'zanzibar') FROM ticket_search WHERE ticket_number = :t5;
INSERT INTO checks SELECT 'customer (reporter) finds a reply word', pg_temp.cust(1, 'toner cartridges') = ARRAY[:t5];
INSERT INTO checks SELECT 'customer never finds a note word', pg_temp.cust(1, 'zanzibar') = '{}'::int[];
INSERT INTO checks SELECT 'another customer finds nothing', pg_temp.cust(2, 'cartridge') = '{}'::int[];
INSERT INTO checks SELECT 'weights: title A, description B, reply C',
  ts_rank(public_doc, to_tsquery('english', 'print')) > ts_rank(public_doc, to_tsquery('english', 'toner'))
  FROM ticket_search WHERE ticket_number = :t5;
UPDATE ticket_replies SET internal = true WHERE body LIKE 'Replaced%';
INSERT INTO checks SELECT 'reply turned into a note leaves public_doc', pg_temp.docs_fresh() AND pg_temp.cust(1, 'cartridge') = '{}'::int[] AND pg_temp.staff('cartridge') = ARRAY[:t5];
UPDATE ticket_replies SET body = 'Secret supplier discount', internal = false WHERE body LIKE 'Secret%';
INSERT INTO checks SELECT 'edited note, made public', pg_temp.docs_fresh() AND pg_temp.staff('zanzibar') = '{}'::int[] AND pg_temp.cust(1, 'discount') = ARRAY[:t5];
UPDATE tickets SET title = 'Scanner jammed' WHERE number = :t5;
INSERT INTO checks SELECT 'title edit recomputes, replies kept', pg_temp.docs_fresh() AND pg_temp.staff('printer') = ARRAY[:t5] AND pg_temp.staff('printing') = ARRAY[:t6] AND pg_temp.staff('jam') = ARRAY[:t5] AND pg_temp.staff('discount') = ARRAY[:t5];
UPDATE tickets SET description = 'Scans come out blank' WHERE number = :t5;
INSERT INTO checks SELECT 'description edit', pg_temp.docs_fresh() AND pg_temp.staff('printer') = '{}'::int[] AND pg_temp.staff('blank') = ARRAY[:t5];
UPDATE tickets SET reporter_id = 2 WHERE number = :t5;
INSERT INTO checks SELECT 'new reporter', pg_temp.docs_fresh() AND pg_temp.cust(2, 'discount') = ARRAY[:t5] AND pg_temp.cust(1, 'discount') = '{}'::int[];
DELETE FROM ticket_replies WHERE body = 'Secret supplier discount';
INSERT INTO checks SELECT 'reply delete', pg_temp.docs_fresh() AND pg_temp.staff('discount') = '{}'::int[] AND pg_temp.staff('cartridge') = ARRAY[:t5];
INSERT INTO ticket_replies (ticket_number, author_id, body)
  SELECT :t5, 3, 'bulk reply ' || i FROM generate_series(1, 50) i;
INSERT INTO ticket_replies (ticket_number, author_id, body, internal)
  SELECT number, 3, 'reply on every ticket', number % 2 = 0 FROM tickets;
INSERT INTO checks SELECT 'multi-row reply inserts', pg_temp.docs_fresh();
DELETE FROM ticket_replies WHERE body LIKE 'bulk reply 1%';
INSERT INTO checks SELECT 'multi-row reply delete', pg_temp.docs_fresh();
DELETE FROM tickets WHERE number = :t5;
INSERT INTO checks SELECT 'ticket delete cascades replies and document', pg_temp.docs_fresh()
  AND NOT EXISTS (SELECT 1 FROM ticket_search WHERE ticket_number = :t5);
INSERT INTO checks SELECT 'working counts at the end', pg_temp.working_ok();
SELECT name, ok FROM checks;
SELECT count(*) FILTER (WHERE ok) AS passed, count(*) FILTER (WHERE ok IS NOT TRUE) AS failed FROM checks;
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM checks WHERE ok IS NOT TRUE) THEN RAISE EXCEPTION 'trigger checks failed'; END IF;
END $$;
ROLLBACK;
