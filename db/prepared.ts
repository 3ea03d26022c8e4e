import { getDb, isOpenedDatabase, type Db } from "./client";

type Prepared<R> = { execute(values?: Record<string, unknown>): Promise<R> };

/**
 * A query of a hot path that Drizzle builds once instead of on every call: building the SQL of a
 * query (its columns, joins and conditions, walked and escaped) cost more CPU than SQLite running
 * it, a third of a ticket's creation. `build` writes the query with `sql.placeholder("name")` for
 * what changes from call to call; the function returned runs it with those values, in the current
 * write transaction if there is one (getDb()):
 * - SQLite: one prepared query per database; its statement picks the connection each time it
 *   runs (db/sqlite-statements.ts RoutedStatement), inside or outside a transaction alike;
 * - PostgreSQL: one per pool, sent unnamed, so the server plans it with each call's values as
 *   before; inside a transaction, whose client is another, it is built for that call as any query.
 */
export function preparedQuery<R>(
  build: (db: Db) => { prepare(name: string): Prepared<R> },
): (values: Record<string, unknown>) => Promise<R> {
  const kept = new WeakMap<Db, Prepared<R>>();
  return (values) => {
    const db = getDb();
    if (!isOpenedDatabase(db)) return build(db).prepare("").execute(values);
    let query = kept.get(db);
    if (!query) {
      query = build(db).prepare("");
      kept.set(db, query);
    }
    return query.execute(values);
  };
}
