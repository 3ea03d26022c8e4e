import { sql, type SQL } from "drizzle-orm";
import { tickets } from "@/db/schema";

/**
 * Turns what a user typed into a safe FTS5 query: every word becomes a quoted term (so operators
 * and stray quotes can't break the syntax), all must match, and the last one matches as a prefix
 * ("print" finds "printer"). Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

/** Tickets whose title, description or (visible) replies match: FTS5, never LIKE '%…%'. */
export function matchesSearch(fts: string, includeInternal: boolean): SQL {
  return sql`(${tickets.number} in (select rowid from tickets_fts where tickets_fts match ${fts})
    or ${tickets.number} in (
      select r.ticket_number from ticket_replies r
      where r.id in (select rowid from replies_fts where replies_fts match ${fts})
      ${includeInternal ? sql`` : sql`and r.internal = 0`}))`;
}
