import type { SQL } from "drizzle-orm";

/**
 * How many of the newest matches one page considers when listing by age. Each page slides the
 * window below its cursor, so paging still reaches every match; the cost per page stays bounded
 * however common the words are.
 */
export const SEARCH_WINDOW = 2000;

/** Whose search it is: staff read every ticket and the notes; a customer only their own tickets. */
export type SearchScope = { staff: boolean; reporterId?: number };

export type TicketSearch = {
  /** SQL condition on tickets.number: every match, or (window) the SEARCH_WINDOW newest matches with number < below */
  matches(window?: { below?: number }): SQL;
  /** how many matches the window below `below` holds and its lowest number (a short page can still hand on a cursor) */
  windowFloor(below?: number): Promise<{ n: number; floor: number | null }>;
};

/**
 * The words a search looks for, the same on both engines: runs of letters, digits and `_` (every
 * other character separates words, so no search syntax can get through), at most 12.
 */
export function searchWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 12) ?? [];
}
