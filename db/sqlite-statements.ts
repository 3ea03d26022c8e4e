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

/**
 * What `prepare` hands Drizzle on the app's SQLite connection: a statement that picks, each time it
 * runs, which connection's statement runs it (`pick`: the writer inside the open write transaction,
 * the reader beside it, and so on: db/client.ts). Deciding when the statement runs, not when it
 * was prepared, lets a query prepared once (db/prepared.ts) run inside and outside transactions.
 * It has what Drizzle calls: run, get, all, iterate and raw().
 */
export class RoutedStatement {
  readonly source: string;
  readonly #pick: (source: string) => Database.Statement;
  readonly #rows: RowView;
  readonly #arrays: RowView;

  constructor(source: string, pick: (source: string) => Database.Statement) {
    this.source = source;
    this.#pick = pick;
    this.#rows = this.#view(false);
    this.#arrays = this.#view(true);
  }

  #view(raw: boolean): RowView {
    const statement = (): Database.Statement => {
      const picked = this.#pick(this.source);
      return picked.reader ? picked.raw(raw) : picked;
    };
    return {
      get: (...params) => statement().get(...params),
      all: (...params) => statement().all(...params),
      iterate: (...params) => statement().iterate(...params),
    };
  }

  run(...params: unknown[]) {
    return this.#pick(this.source).run(...params);
  }
  get(...params: unknown[]) {
    return this.#rows.get(...params);
  }
  all(...params: unknown[]) {
    return this.#rows.all(...params);
  }
  iterate(...params: unknown[]) {
    return this.#rows.iterate(...params);
  }
  /** Rows as arrays (Drizzle's mode for selected fields); raw(false) as objects again. */
  raw(on = true): RowView {
    return on ? this.#arrays : this.#rows;
  }
}

type RowView = {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
};
