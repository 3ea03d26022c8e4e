import type Database from "better-sqlite3";

/** How many prepared statements each SQLite connection keeps (the app has a few hundred shapes). */
const STATEMENTS_KEPT = 1000;

/**
 * A connection's prepare, keeping statements by their SQL text: Drizzle prepares every query it
 * runs, and compiling the SQL was a tenth of a simple request's CPU. A kept statement is handed
 * out again unless it is busy (an iterator still reading it), with the row mode Drizzle may have
 * switched on (raw arrays) switched off again; SQLite recompiles one by itself after a schema
 * change.
 */
export function cachedPrepare(connection: Database.Database) {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, Database.Statement>();
  return (source: string): Database.Statement => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      // Most recently used last: the first key is the one to drop.
      kept.delete(source);
      kept.set(source, statement);
      if (statement.reader) statement.raw(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      kept.set(source, fresh);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    }
    return fresh;
  };
}
