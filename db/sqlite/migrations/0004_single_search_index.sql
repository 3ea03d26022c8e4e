-- One search document per ticket (rowid = number): title, description, the public replies and,
-- in a column only staff queries reach, the internal notes. Keyed by ticket number, a search can
-- walk matches newest first straight off the index (ORDER BY rowid DESC) instead of sorting them.
-- The reporter column holds one token ("r42"), so a customer's search intersects with the few
-- documents they own instead of every match. Porter stemming: "printing" finds "printed".
DROP TRIGGER tickets_fts_insert;
--> statement-breakpoint
DROP TRIGGER tickets_fts_delete;
--> statement-breakpoint
DROP TRIGGER tickets_fts_update;
--> statement-breakpoint
DROP TRIGGER replies_fts_insert;
--> statement-breakpoint
DROP TRIGGER replies_fts_delete;
--> statement-breakpoint
DROP TRIGGER replies_fts_update;
--> statement-breakpoint
DROP TABLE tickets_fts;
--> statement-breakpoint
DROP TABLE replies_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE ticket_search USING fts5(
  reporter, title, description, replies, notes,
  content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO ticket_search(rowid, reporter, title, description, replies, notes)
SELECT t.number, 'r' || t.reporter_id, t.title, t.description,
  coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal = 0), ''),
  coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal = 1), '')
FROM tickets t;
--> statement-breakpoint
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_search(rowid, reporter, title, description, replies, notes) VALUES (NEW.number, 'r' || NEW.reporter_id, NEW.title, NEW.description, '', '');
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = OLD.number;
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, description ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.number;
  INSERT INTO ticket_search(rowid, reporter, title, description, replies, notes) VALUES (NEW.number, 'r' || NEW.reporter_id, NEW.title, NEW.description,
    coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = NEW.number AND r.internal = 0), ''),
    coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = NEW.number AND r.internal = 1), ''));
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_reply_insert AFTER INSERT ON ticket_replies BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.ticket_number;
  INSERT INTO ticket_search(rowid, reporter, title, description, replies, notes)
  SELECT t.number, 'r' || t.reporter_id, t.title, t.description,
    coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal = 0), ''),
    coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal = 1), '')
  FROM tickets t WHERE t.number = NEW.ticket_number;
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_reply_change AFTER UPDATE OF body, internal ON ticket_replies BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.ticket_number;
  INSERT INTO ticket_search(rowid, reporter, title, description, replies, notes)
  SELECT t.number, 'r' || t.reporter_id, t.title, t.description,
    coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal = 0), ''),
    coalesce((SELECT group_concat(body, char(10)) FROM ticket_replies r WHERE r.ticket_number = t.number AND r.internal = 1), '')
  FROM tickets t WHERE t.number = NEW.ticket_number;
END;
--> statement-breakpoint
-- Lists filtered by status (one or several, such as the active views) and sorted by priority or
-- by last update read these in order: for each status SQLite takes only the first page's rows.
CREATE INDEX tickets_status_priority_idx ON tickets (status, ticket_priority, number);
--> statement-breakpoint
CREATE INDEX tickets_status_updated_idx ON tickets (status, updated_at, number);
