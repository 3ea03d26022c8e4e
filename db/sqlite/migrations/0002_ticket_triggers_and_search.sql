-- Working counts (docs/tickets.md#working-counts): every write to tickets keeps users.working_count equal to a fresh
-- COUNT(*) of the engineer's OPEN and IN_PROGRESS tickets, whatever code path made the change.
CREATE TRIGGER tickets_working_insert AFTER INSERT ON tickets
WHEN NEW.assignee_id IS NOT NULL
BEGIN
  UPDATE users SET
    working_count = working_count + (NEW.status IN ('OPEN', 'IN_PROGRESS')),
    last_assigned_at = cast(unixepoch('subsec') * 1000 as integer)
  WHERE id = NEW.assignee_id;
END;
--> statement-breakpoint
CREATE TRIGGER tickets_working_delete AFTER DELETE ON tickets
WHEN OLD.assignee_id IS NOT NULL AND OLD.status IN ('OPEN', 'IN_PROGRESS')
BEGIN
  UPDATE users SET working_count = working_count - 1 WHERE id = OLD.assignee_id;
END;
--> statement-breakpoint
CREATE TRIGGER tickets_working_update AFTER UPDATE OF assignee_id, status ON tickets
WHEN OLD.assignee_id IS NOT NEW.assignee_id OR OLD.status IS NOT NEW.status
BEGIN
  UPDATE users SET working_count = working_count - 1
  WHERE id = OLD.assignee_id AND OLD.status IN ('OPEN', 'IN_PROGRESS');
  UPDATE users SET working_count = working_count + 1
  WHERE id = NEW.assignee_id AND NEW.status IN ('OPEN', 'IN_PROGRESS');
  UPDATE users SET last_assigned_at = cast(unixepoch('subsec') * 1000 as integer)
  WHERE id = NEW.assignee_id AND OLD.assignee_id IS NOT NEW.assignee_id;
END;
--> statement-breakpoint
-- Full-text search (docs/tickets.md#search) over title and description, and over replies, with FTS5 tables that
-- mirror their source tables through triggers. Replies keep their internal flag in the source row,
-- so a search by a customer never matches text of an internal note.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
  title, description, content='tickets', content_rowid='number', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts(rowid, title, description) VALUES (NEW.number, NEW.title, NEW.description);
END;
--> statement-breakpoint
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, title, description) VALUES ('delete', OLD.number, OLD.title, OLD.description);
END;
--> statement-breakpoint
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, title, description) VALUES ('delete', OLD.number, OLD.title, OLD.description);
  INSERT INTO tickets_fts(rowid, title, description) VALUES (NEW.number, NEW.title, NEW.description);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE replies_fts USING fts5(
  body, content='ticket_replies', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER replies_fts_insert AFTER INSERT ON ticket_replies BEGIN
  INSERT INTO replies_fts(rowid, body) VALUES (NEW.id, NEW.body);
END;
--> statement-breakpoint
CREATE TRIGGER replies_fts_delete AFTER DELETE ON ticket_replies BEGIN
  INSERT INTO replies_fts(replies_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
--> statement-breakpoint
CREATE TRIGGER replies_fts_update AFTER UPDATE OF body ON ticket_replies BEGIN
  INSERT INTO replies_fts(replies_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
  INSERT INTO replies_fts(rowid, body) VALUES (NEW.id, NEW.body);
END;
