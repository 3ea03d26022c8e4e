import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { feed, type FeedMark, type FeedPosition } from "@/db/feed";
import { ticketEvents, tickets } from "@/db/schema";
import { ACTIVE_STATUSES } from "@/lib/tickets/statuses";
import type { Actor } from "@/lib/auth/actor";
import { escapeForLog } from "@/lib/safe-text";
import { logger } from "@/lib/log.mjs";

/**
 * Live updates (docs/notifications.md#live-updates). The ticket history table is the change log: every change writes an
 * event row in the change's own transaction. The hub reads new rows a few times a second while
 * anyone listens (one indexed range read for all listeners, from any process or instance that
 * writes the database), in the feed's order (db/feed.ts: one that no late commit can jump), and
 * hands each listener only what its user may see. A client that reconnects says the last event it
 * saw and gets what it missed.
 */
export type LiveEvent = {
  id: number;
  /** Where this event is in the feed: the reader goes on after it. */
  position: FeedPosition;
  ticket: number;
  type: string;
  internal: boolean;
  reporterId: number;
  assigneeId: number | null;
  oldValue: string | null;
  active: boolean;
};

/** What a listener is told: which ticket changed and how, never the content. */
export type LiveMessage = { id: number; ticket: number; type: string; position: FeedPosition };

/** Ticket events after `position` in feed order, each with what visibility needs of its ticket now. */
export async function changesSince(position: FeedPosition, limit: number): Promise<LiveEvent[]> {
  const rows = await getDb()
    .select({
      id: ticketEvents.id,
      tx: feed.tx,
      ticket: ticketEvents.ticketNumber,
      type: ticketEvents.type,
      internal: ticketEvents.internal,
      oldValue: ticketEvents.oldValue,
      reporterId: tickets.reporterId,
      assigneeId: tickets.assigneeId,
      status: tickets.status,
    })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.number, ticketEvents.ticketNumber))
    .where(feed.after(position))
    .orderBy(...feed.order)
    .limit(limit);
  return rows.map(({ status, tx, ...e }) => ({
    ...e,
    position: { id: e.id, tx },
    active: ACTIVE_STATUSES.includes(status),
  }));
}

/** The newest event every listener may already have had: where a new listener starts. */
export function latestChange(): Promise<FeedPosition> {
  return feed.head();
}

/** The id of that event (0 for none): what a page hands its stream as `?since=`. */
export async function latestChangeId(): Promise<number> {
  return (await feed.head()).id;
}

/** What has committed now: a stream without a place to resume from drops what came before it. */
export function committedNow(): Promise<FeedMark> {
  return feed.mark();
}

/** Whether the message's event had committed when `mark` was taken. */
export function committedBefore(mark: FeedMark, m: LiveMessage): boolean {
  return feed.committedBy(mark, m.position);
}

/** Where a client that last saw event `id` goes on from; null when that event is gone. */
export function positionAfter(id: number): Promise<FeedPosition | null> {
  return feed.positionOf(id);
}

/**
 * The same rule as the ticket lists (docs/visibility.md#live-updates), plus: an engineer hears that a ticket was taken
 * from them, so it leaves their queue. Customers never hear of internal events.
 */
export function mayHear(actor: Actor, e: LiveEvent): boolean {
  if (actor.userType === "ADMIN") return true;
  if (actor.userType === "ENGINEER") {
    return (
      e.assigneeId === actor.id ||
      e.reporterId === actor.id ||
      (e.assigneeId === null && e.active) ||
      (e.type === "assigned" && e.oldValue === actor.userId)
    );
  }
  return e.reporterId === actor.id && !e.internal;
}

type Listener = { actor: () => Actor; send: (m: LiveMessage) => void };

class Hub {
  private readonly listeners = new Set<Listener>();
  private last: FeedPosition | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Reads where the listening starts (the newest event id) when the first listener arrives. */
  private starting: Promise<void> | undefined;
  /** The poll under way: one at a time, so no event is sent twice. */
  private polling: Promise<void> | undefined;
  /** The one poll that runs after it, for everyone who asked meanwhile. */
  private queued: Promise<void> | undefined;
  /** Bumped each time listening stops, so a poll of an earlier round can't move `last`. */
  private round = 0;

  constructor(private readonly pollMs = 250) {}

  /**
   * Adds a listener; resolves once the hub knows where it starts, so the listener hears every
   * event after the subscription (a replay from an older id is the caller's, see the stream).
   */
  async subscribe(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.starting) {
      const round = this.round;
      this.starting = latestChange().then((position) => {
        if (round === this.round) this.last = position;
      });
      this.timer = setInterval(() => {
        // Errors are logged inside poll; the interval only starts it.
        void this.poll();
      }, this.pollMs);
      this.timer.unref();
    }
    const unsubscribe = () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      clearInterval(this.timer);
      this.timer = undefined;
      this.starting = undefined;
      this.round += 1;
    };
    try {
      await this.starting;
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  get size() {
    return this.listeners.size;
  }

  /**
   * Sends new events to the listeners who may hear them. Polls never overlap: asked while one
   * runs, the hub runs one more after it (which sees what committed meanwhile), shared by all
   * who asked.
   */
  poll(): Promise<void> {
    if (!this.polling) {
      this.polling = this.readChanges().finally(() => (this.polling = undefined));
      return this.polling;
    }
    this.queued ??= this.polling.then(() => {
      this.queued = undefined;
      return this.poll();
    });
    return this.queued;
  }

  private async readChanges() {
    const starting = this.starting;
    if (!starting) return;
    const round = this.round;
    try {
      await starting;
      for (;;) {
        if (!this.last) return;
        const batch = await changesSince(this.last, 500);
        // Everyone left (and maybe a new round began) while the batch was read: it isn't theirs.
        if (round !== this.round) return;
        for (const e of batch) {
          for (const l of this.listeners)
            if (mayHear(l.actor(), e))
              l.send({ id: e.id, ticket: e.ticket, type: e.type, position: e.position });
          this.last = e.position;
        }
        if (batch.length < 500) return;
      }
    } catch (error) {
      logger.error({ err: error }, `live updates: ${escapeForLog(String(error))}`);
    }
  }
}

const holder = globalThis as unknown as { __caselineHub?: Hub };
export function liveHub(): Hub {
  holder.__caselineHub ??= new Hub();
  return holder.__caselineHub;
}
