import { AppError } from "@/lib/errors";

/** `{data, nextCursor}` (docs/api.md#pagination). Cursors are opaque to clients: base64url JSON of the sort key. */
export type Page<T> = { data: T[]; nextCursor: string | null };

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T>(
  cursor: string | undefined,
  isValid: (v: unknown) => v is T,
): T | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (isValid(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

/** The usual keyset key: [sort value, id], both integers a Date can hold (ms since the epoch). */
export const isIntegerPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) &&
  v.length === 2 &&
  v.every((x) => Number.isSafeInteger(x) && Math.abs(x) <= 8.64e15);

/** A cursor this list never handed out (edited, truncated, or from another list): 400 over the API. */
export class InvalidCursorError extends AppError {
  constructor() {
    super("VALIDATION", "The cursor is not valid; start again from the first page", {
      cursor: ["Not a cursor from this list"],
    });
  }
}

/**
 * For portal pages: the page a `?cursor=` points to, or, when the cursor is not one this list
 * handed out (a stale or edited link), the first page with `cursorRejected` set so the page can
 * say so instead of failing.
 */
export async function pageOrFirstPage<Q extends { cursor?: string }, P extends Page<unknown>>(
  query: Q,
  list: (query: Q) => Promise<P>,
): Promise<P & { cursorRejected: boolean }> {
  try {
    return { ...(await list(query)), cursorRejected: false };
  } catch (error) {
    if (!(error instanceof InvalidCursorError) || !query.cursor) throw error;
    return { ...(await list({ ...query, cursor: undefined })), cursorRejected: true };
  }
}

/** A cursor of lists in id order: `[lastId]`. */
export const isIdCursor = (v: unknown): v is [number] =>
  Array.isArray(v) && v.length === 1 && Number.isSafeInteger(v[0]);

/** Fetch limit + 1 rows; the extra row tells whether there is a next page. */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  map: (r: Row) => T,
  keyOf: (r: Row) => unknown,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}

/**
 * The newest rows before a point, for a page that shows the latest of a long list and steps back
 * from there (a ticket's conversation and timeline): fetch limit + 1 rows newest first; the extra
 * row tells whether earlier ones exist. Items come oldest first, as they read.
 */
export type Window<T> = { items: T[]; earlier: boolean };

export function toWindow<Row, T>(newestFirst: Row[], limit: number, map: (r: Row) => T): Window<T> {
  return {
    items: newestFirst.slice(0, limit).reverse().map(map),
    earlier: newestFirst.length > limit,
  };
}
