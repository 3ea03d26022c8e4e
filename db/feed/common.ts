import type { SQL } from "drizzle-orm";

/**
 * A place in the live feed: the event's id and, on PostgreSQL, the transaction that wrote it
 * (db/postgres/migrations/0002_live_feed.sql). On SQLite writes are serialized, so ids rise in
 * commit order and `tx` is always "0".
 */
export type FeedPosition = { id: number; tx: string };

/** Before the first event. */
export const FEED_START: FeedPosition = { id: 0, tx: "0" };

/**
 * What had committed at one moment: a stream that starts without a place to resume from hears
 * only what commits after it. (On PostgreSQL an event committed before that moment may not be
 * final yet, so it still comes through the feed afterwards; the mark lets the stream drop it.)
 */
export type FeedMark = { id: number; snapshot: string | null };

/** How one engine orders ticket events for live updates, and which of them are final. */
export type Feed = {
  /** The event's transaction, to select with each row (a text; "0" on SQLite). */
  tx: SQL<string>;
  /**
   * Events after `position` that are final: no event that commits later can come before them, so
   * a reader that takes these in `order` and moves on never passes one by.
   */
  after(position: FeedPosition): SQL;
  /** Feed order. */
  order: SQL[];
  /** The newest final position: where a new reader starts. */
  head(): Promise<FeedPosition>;
  /** Where a reader that last saw event `id` goes on from; null if that event is gone. */
  positionOf(id: number): Promise<FeedPosition | null>;
  /** What has committed now. */
  mark(): Promise<FeedMark>;
  /** Whether the event at `position` had committed when `mark` was taken. */
  committedBy(mark: FeedMark, position: FeedPosition): boolean;
};
