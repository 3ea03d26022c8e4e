import { sql, type SQL } from "drizzle-orm";
import { tickets } from "@/db/schema";

/**
 * Turns what a user typed into a safe FTS5 query: every word becomes a quoted term (so operators
 * and stray quotes can't break the syntax) and all must match, stemmed ("printing" finds
 * "printed"). Whole words rather than prefixes: a prefix makes FTS5 merge every matching term's
 * full list, which is what slows search on big tables. A customer's search is confined to their
 * own documents (the reporter token) and to the columns they may read: never internal notes.
 * Returns null when nothing searchable is left.
 */
export function toFtsQuery(
  text: string,
  scope: { staff: boolean; reporterId?: number },
): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  const terms = words.map((w) => `"${w}"`).join(" ");
  if (scope.staff) return `{title description replies notes} : (${terms})`;
  const own = scope.reporterId !== undefined ? `reporter : "r${scope.reporterId}" AND ` : "";
  return `${own}{title description replies} : (${terms})`;
}

/**
 * How many of the newest matches one page considers when listing by age. Each page slides the
 * window below its cursor, so paging still reaches every match; the cost per page stays bounded
 * however common the words are.
 */
export const SEARCH_WINDOW = 2000;

/** Tickets whose search document matches: FTS5 over title, description and replies, never LIKE. */
export function matchesSearch(fts: string, window?: { below?: number }): SQL {
  if (!window)
    return sql`${tickets.number} in (select rowid from ticket_search where ticket_search match ${fts})`;
  return sql`${tickets.number} in (select rowid from ticket_search where ticket_search match ${fts}
    ${window.below !== undefined ? sql`and rowid < ${window.below}` : sql``}
    order by rowid desc limit ${SEARCH_WINDOW})`;
}

/** The lowest ticket number in a full search window, so a short page can still hand on a cursor. */
export function searchWindowFloor(db: { get: (q: SQL) => unknown }, fts: string, below?: number) {
  return db.get(sql`select count(*) as n, min(rowid) as floor from (
    select rowid from ticket_search where ticket_search match ${fts}
    ${below !== undefined ? sql`and rowid < ${below}` : sql``}
    order by rowid desc limit ${SEARCH_WINDOW})`) as { n: number; floor: number | null };
}
