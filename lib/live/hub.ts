import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { escapeForLog } from "@/lib/safe-text";

/**
 * Live updates (docs/notifications.md#live-updates). The ticket history table is the change log: every change writes an
 * event row with a rising id, in the change's own transaction. The hub reads new rows a few times
 * a second while anyone listens (one indexed range read for all listeners, from any process that
 * writes the database), and hands each listener only what its user may see. A client that
 * reconnects says the last id it saw and gets what it missed.
 */
export type LiveEvent = {
  id: number;
  ticket: number;
  type: string;
  internal: boolean;
  reporterId: number;
  assigneeId: number | null;
  oldValue: string | null;
  active: boolean;
};

/** What a listener is told: which ticket changed and how, never the content. */
export type LiveMessage = { id: number; ticket: number; type: string };

const CHANGES_SQL = `
  select e.id, e.ticket_number as ticket, e.type, e.internal, e.old_value as oldValue,
         t.reporter_id as reporterId, t.assignee_id as assigneeId,
         t.status in ('OPEN', 'IN_PROGRESS', 'BLOCKED') as active
  from ticket_events e join tickets t on t.number = e.ticket_number
  where e.id > ? order by e.id limit ?`;

export function changesSince(id: number, limit: number): LiveEvent[] {
  return (getDb().$client.prepare(CHANGES_SQL).all(id, limit) as LiveEvent[]).map((e) => ({
    ...e,
    internal: !!e.internal,
    active: !!e.active,
  }));
}

export function latestChangeId(): number {
  const row = getDb().$client.prepare("select max(id) as id from ticket_events").get() as {
    id: number | null;
  };
  return row.id ?? 0;
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
  private lastId = -1;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pollMs = 250) {}

  subscribe(listener: Listener): () => void {
    if (this.listeners.size === 0) {
      this.lastId = latestChangeId();
      this.timer = setInterval(() => this.poll(), this.pollMs);
      this.timer.unref();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) clearInterval(this.timer);
    };
  }

  get size() {
    return this.listeners.size;
  }

  poll() {
    try {
      for (;;) {
        const batch = changesSince(this.lastId, 500);
        for (const e of batch) {
          for (const l of this.listeners)
            if (mayHear(l.actor(), e)) l.send({ id: e.id, ticket: e.ticket, type: e.type });
          this.lastId = e.id;
        }
        if (batch.length < 500) return;
      }
    } catch (error) {
      console.error(`[caseline] live updates: ${escapeForLog(String(error))}`);
    }
  }
}

const holder = globalThis as unknown as { __caselineHub?: Hub };
export function liveHub(): Hub {
  holder.__caselineHub ??= new Hub();
  return holder.__caselineHub;
}
