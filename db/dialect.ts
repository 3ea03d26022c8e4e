/**
 * The few SQL expressions that differ between SQLite and PostgreSQL, behind one name each
 * (docs/operations.md#two-engines). Everything else in lib/ is written once, in the SQL both
 * engines share (CASE, COALESCE, lower(), standard comparisons) or with Drizzle's query builder.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias as pgAlias } from "drizzle-orm/pg-core";
import { ENGINE } from "./engine-kind";

const postgres = ENGINE === "postgres";

/** A second name for a table in one query (both dialects build the same proxy). */
export const alias = pgAlias;

/** `column = value`, ignoring case (user ids: SQLite's NOCASE index, PostgreSQL's lower() index). */
export function sameText(column: SQLWrapper, value: string): SQL {
  return postgres
    ? sql`lower(${column}) = lower(${value})`
    : sql`${column} = ${value} collate nocase`;
}

/** The case-folded form of a text column, for grouping and ordering the way sameText compares. */
export function foldedText(column: SQLWrapper): SQL {
  return postgres ? sql`lower(${column})` : sql`${column} collate nocase`;
}

/** `column` contains the LIKE pattern, ignoring case (`\` escapes % and _). */
export function likeText(column: SQLWrapper, pattern: string): SQL {
  return postgres
    ? sql`${column} ilike ${pattern} escape '\\'`
    : sql`${column} like ${pattern} escape '\\'`;
}

/** The larger of two numbers. */
export function greatest(a: SQLWrapper | number, b: SQLWrapper | number): SQL {
  return postgres ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}

/**
 * The moment one millisecond after a timestamp expression (SQLite stores timestamps as integer
 * milliseconds, PostgreSQL as `timestamptz(3)`).
 */
export function nextMillisecond(timestamp: SQLWrapper): SQL {
  return postgres ? sql`(${timestamp} + interval '1 millisecond')` : sql`(${timestamp} + 1)`;
}

/**
 * A timestamp as milliseconds since 1970, read as a plain number from either driver (null stays
 * null): for arithmetic on many rows in JS without a Date per value.
 */
export function epochMillis(timestamp: SQLWrapper): SQL<number | null> {
  return postgres
    ? sql`cast(extract(epoch from ${timestamp}) * 1000 as double precision)`
    : sql`${timestamp}`;
}

/** A unique index refused the write (a taken user id or email, a repeated request id…). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE") return true;
    if (e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}

/**
 * The database refused a value as input, not because of a bug: text with a NUL character (which
 * PostgreSQL can't store), a number beyond the column's range. Callers answer 400; nothing was
 * written (the statement, and its transaction, failed). SQLite stores both, so only PostgreSQL's
 * codes appear: 22021 character_not_in_repertoire, 22P05 untranslatable_character,
 * 22003 numeric_value_out_of_range, 22P02 invalid_text_representation.
 */
export function isRefusedValue(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === "22021" || e.code === "22P05" || e.code === "22003" || e.code === "22P02") {
      return true;
    }
  }
  return false;
}

/**
 * `column IN (candidates)` for a claim's `UPDATE … WHERE` (the outbox worker's,
 * docs/notifications.md#the-worker): `candidates` selects the ids of the rows to take.
 * - PostgreSQL: the rows are locked as they are read, and rows another claim holds are skipped
 *   (FOR UPDATE SKIP LOCKED), so concurrent workers take different rows at once instead of
 *   queueing on each other. The ids are gathered once, as an array: as an `IN (subquery)` with
 *   LIMIT, the planner may choose a semi-join that re-runs (and re-locks) the subquery for every
 *   row of the table (850 ms for 1,200 rows before the table's statistics caught up).
 * - SQLite: the statement runs under the single write lock, so nothing else can hold a row.
 */
export function inClaimable<
  T extends SQLWrapper & { for(strength: "update", config: { skipLocked: true }): SQLWrapper },
>(column: SQLWrapper, candidates: T): SQL {
  return postgres
    ? sql`${column} = any(array(${candidates.for("update", { skipLocked: true })}))`
    : sql`${column} in ${candidates}`;
}

/** How jsonRows reads a field: timestamps travel as the engine stores them. */
export type JsonRowType = "text" | "integer" | "timestamp";
type JsonRowValue = string | number | Date | null;

/**
 * Many rows as one bound JSON parameter, usable as a table in FROM: for bulk writes
 * (`insert into t (a, b) select x.a, x.b from ${jsonRows(...)}`), where Drizzle's multi-row
 * VALUES spends more time building the statement than the database spends running it (an import
 * of 50,000 customers' invitations: 12 s through VALUES). SQLite reads it with json_each
 * (timestamps as epoch milliseconds, as its columns hold them), PostgreSQL with
 * jsonb_to_recordset (typed columns, timestamps as ISO strings). Field names are identifiers.
 */
export function jsonRows<C extends Record<string, JsonRowType>>(
  alias: string,
  columns: C,
  values: readonly { [K in keyof C]: JsonRowValue }[],
): SQL {
  const names = [alias, ...Object.keys(columns)];
  for (const name of names) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`jsonRows: not an identifier: ${name}`);
  }
  const encode = (value: JsonRowValue) =>
    value instanceof Date ? (postgres ? value.toISOString() : value.getTime()) : value;
  const json = JSON.stringify(
    values.map((row) => Object.fromEntries(Object.keys(columns).map((k) => [k, encode(row[k])]))),
  );
  if (postgres) {
    const types = { text: "text", integer: "integer", timestamp: "timestamptz" } as const;
    const defs = Object.entries(columns).map(([k, t]) => `${k} ${types[t]}`);
    return sql`jsonb_to_recordset(${json}::jsonb) as ${sql.raw(alias)}(${sql.raw(defs.join(", "))})`;
  }
  const picks = Object.keys(columns).map((k) => `value ->> '${k}' as ${k}`);
  return sql`(select ${sql.raw(picks.join(", "))} from json_each(${json})) as ${sql.raw(alias)}`;
}
