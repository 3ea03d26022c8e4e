import { asc, gt, max, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ticketEvents } from "@/db/schema";
import { FEED_START, type Feed } from "./common";

/**
 * SQLite: one writer at a time (BEGIN IMMEDIATE, the file's lock across processes), and an event's
 * id is taken inside its write transaction, so ids rise in commit order and every committed id is
 * final.
 */
export const feed: Feed = {
  tx: sql<string>`'0'`,
  after: (position) => gt(ticketEvents.id, position.id),
  order: [asc(ticketEvents.id)],
  async head() {
    const [newest] = await getDb()
      .select({ id: max(ticketEvents.id) })
      .from(ticketEvents);
    return newest?.id ? { id: newest.id, tx: "0" } : FEED_START;
  },
  // Nothing can commit below an id seen, so the id alone says where to go on, even if it is gone.
  positionOf: (id) => Promise.resolve({ id, tx: "0" }),
  async mark() {
    return { id: (await feed.head()).id, snapshot: null };
  },
  committedBy: (mark, position) => position.id <= mark.id,
};
