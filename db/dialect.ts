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
