import { sql } from "drizzle-orm";
import { row } from "@/db/client";
import { tickets } from "@/db/schema";
import { SEARCH_WINDOW, searchWords, type SearchScope, type TicketSearch } from "./common";

/**
 * Turns what a user typed into a safe FTS5 query: every word becomes a quoted term (so operators
 * and stray quotes can't break the syntax) and all must match, stemmed ("printing" finds
 * "printed"). Whole words rather than prefixes: a prefix makes FTS5 merge every matching term's
 * full list, which is what slows search on big tables. A customer's search is confined to their
 * own documents (the reporter token) and to the columns they may read: never internal notes.
 * Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string, scope: SearchScope): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  const terms = words.map((w) => `"${w}"`).join(" ");
  if (scope.staff) return `{title description replies notes} : (${terms})`;
  const own = scope.reporterId !== undefined ? `reporter : "r${scope.reporterId}" AND ` : "";
  return `${own}{title description replies} : (${terms})`;
}

/**
 * SQLite: FTS5 over the ticket_search table (migration 0004), one document per ticket with
 * rowid = number, so the newest matches come straight off the index (ORDER BY rowid DESC).
 */
export function ticketSearch(text: string, scope: SearchScope): TicketSearch | null {
  const fts = toFtsQuery(text, scope);
  if (fts === null) return null;
  const newest = (below?: number) =>
    sql`select rowid from ticket_search where ticket_search match ${fts}
    ${below !== undefined ? sql`and rowid < ${below}` : sql``}
    order by rowid desc limit ${SEARCH_WINDOW}`;
  return {
    matches(window) {
      if (!window)
        return sql`${tickets.number} in (select rowid from ticket_search where ticket_search match ${fts})`;
      return sql`${tickets.number} in (${newest(window.below)})`;
    },
    async windowFloor(below) {
      const r = await row<{ n: number; floor: number | null }>(
        sql`select count(*) as n, min(rowid) as floor from (${newest(below)})`,
      );
      return { n: Number(r?.n ?? 0), floor: r?.floor ?? null };
    },
  };
}
