/**
 * Ticket search (docs/tickets.md#search) as the domain uses it, on either engine: SQLite FTS5
 * (db/search/sqlite.ts) or PostgreSQL tsvector (db/search/postgres.ts), picked by the engine of
 * this process. Both take the same words (searchWords), require all of them, stem them, confine a
 * customer to their own tickets and never let them match an internal note.
 */
import { ENGINE } from "./engine-kind";
import type { SearchScope, TicketSearch } from "./search/common";
import { ticketSearch as postgresSearch } from "./search/postgres";
import { ticketSearch as sqliteSearch } from "./search/sqlite";

export { SEARCH_WINDOW, searchWords, type SearchScope, type TicketSearch } from "./search/common";

/** The search for what a user typed, or null when nothing searchable is left (only punctuation). */
export function ticketSearch(text: string, scope: SearchScope): TicketSearch | null {
  return (ENGINE === "postgres" ? postgresSearch : sqliteSearch)(text, scope);
}
