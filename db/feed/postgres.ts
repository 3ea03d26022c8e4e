import { sql } from "drizzle-orm";
import { row } from "@/db/client";
import { ticketEvents } from "@/db/schema";
import { FEED_START, type Feed } from "./common";

/**
 * PostgreSQL: ids come from a sequence at insert, so concurrent transactions can commit them out of
 * order. Every event also records its transaction (`tx`, migration 0002); the feed runs in (tx, id)
 * order and only below the oldest transaction still running, whose events can't have committed
 * yet. Below that line no event can appear any more. A long write transaction (an import) holds
 * live updates back until it ends; it never makes one be skipped.
 */
const tx = sql`"ticket_events"."tx"`;
const final = sql`${tx} < pg_snapshot_xmin(pg_current_snapshot())`;

export const feed: Feed = {
  tx: sql<string>`${tx}::text`,
  after: (position) =>
    sql`(${tx}, ${ticketEvents.id}) > (${position.tx}::xid8, ${position.id}) and ${final}`,
  order: [tx, sql`${ticketEvents.id}`],
  async head() {
    const newest = await row<{ id: number; tx: string }>(
      // Ordered by the column, qualified: a bare `tx` in ORDER BY names the text alias, and "996"
      // sorts after "1355" as text (a new listener then started far back and heard old events;
      // it also sorted every event on each page render: 1 s at 1M tickets).
      sql`select id, tx::text as tx from ticket_events where ${final} order by ${tx} desc, id desc limit 1`,
    );
    return newest ?? FEED_START;
  },
  async positionOf(id) {
    if (id <= 0) return FEED_START;
    const seen = await row<{ tx: string }>(
      sql`select tx::text as tx from ticket_events where id = ${id}`,
    );
    return seen ? { id, tx: seen.tx } : null;
  },
  async mark() {
    const now = await row<{ snapshot: string }>(
      sql`select pg_current_snapshot()::text as snapshot`,
    );
    return { id: 0, snapshot: now?.snapshot ?? null };
  },
  committedBy(mark, position) {
    if (!mark.snapshot) return false;
    // xmin:xmax:running,… — committed by then: below xmin, or below xmax and not running.
    const [xmin, xmax, running] = mark.snapshot.split(":");
    const tx = BigInt(position.tx);
    if (tx < BigInt(xmin)) return true;
    return tx < BigInt(xmax) && !(running ?? "").split(",").includes(position.tx);
  },
};
