import { sql } from "drizzle-orm";
import { row } from "@/db/client";
import { tickets } from "@/db/schema";
import { SEARCH_WINDOW, searchWords, type SearchScope, type TicketSearch } from "./common";

/**
 * PostgreSQL: tsvector documents in ticket_search, kept by the triggers of migration 0001
 * (public_doc: title, description, public replies; notes_doc: internal notes), one GIN index over
 * both. The words are those SQLite takes; plainto_tsquery ANDs them and stems them with the same
 * 'english' configuration and the same ticket_search_text() clean-up as the documents, and it
 * reads its argument as plain text, so nothing typed becomes tsquery syntax. Whole words only, as
 * on SQLite. A query of stop words only ("the") matches nothing.
 */
export function ticketSearch(text: string, scope: SearchScope): TicketSearch | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  const query = sql`plainto_tsquery('english', ticket_search_text(${words.join(" ")}))`;
  // Staff: one document of everything (a word in the title and another in a note both count).
  // A customer: only public_doc, only their own tickets; the first condition is implied by the
  // second and is there so the GIN index (on public_doc || notes_doc) can serve it.
  const all = sql`(ticket_search.public_doc || ticket_search.notes_doc) @@ ${query}`;
  const where = scope.staff
    ? all
    : sql`${all} and ticket_search.public_doc @@ ${query}${
        scope.reporterId !== undefined
          ? sql` and ticket_search.reporter_id = ${scope.reporterId}`
          : sql``
      }`;
  const newest = (below?: number) =>
    sql`select ticket_search.ticket_number from ticket_search where ${where}
    ${below !== undefined ? sql`and ticket_search.ticket_number < ${below}` : sql``}
    order by ticket_search.ticket_number desc limit ${SEARCH_WINDOW}`;
  return {
    matches(window) {
      if (!window)
        return sql`${tickets.number} in (select ticket_search.ticket_number from ticket_search where ${where})`;
      return sql`${tickets.number} in (${newest(window.below)})`;
    },
    async windowFloor(below) {
      // count(*) is a bigint, which node-postgres hands over as a string.
      const r = await row<{ n: number | string; floor: number | null }>(
        sql`select count(*)::int as n, min(w.ticket_number) as floor from (${newest(below)}) w`,
      );
      return { n: Number(r?.n ?? 0), floor: r?.floor ?? null };
    },
  };
}
