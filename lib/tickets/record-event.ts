import { sql } from "drizzle-orm";
import { preparedQuery } from "@/db/prepared";
import { ticketEvents, type TicketEventType } from "@/db/schema";

export type EventInput = {
  ticketNumber: number;
  /** Null for the system (auto-assignment). */
  actorId: number | null;
  type: TicketEventType;
  field?: string;
  oldValue?: string | number | null;
  newValue?: string | number | null;
  internal?: boolean;
};

const text = (v: string | number | null | undefined) =>
  v === undefined || v === null ? null : String(v);

/** One history row per change (docs/tickets.md#timeline). Call inside the transaction that makes the change. */
export async function recordEvent(event: EventInput) {
  await recordEvents([event]);
}

/** Several history rows of one change in one insert, in order (creation's `created` and `assigned`). */
export async function recordEvents(events: EventInput[]) {
  if (events.length === 0) return;
  const values: Record<string, unknown> = {};
  events.forEach((event, i) => {
    values[`ticketNumber${i}`] = event.ticketNumber;
    values[`actorId${i}`] = event.actorId;
    values[`type${i}`] = event.type;
    values[`field${i}`] = event.field ?? null;
    values[`oldValue${i}`] = text(event.oldValue);
    values[`newValue${i}`] = text(event.newValue);
    values[`internal${i}`] = event.internal ?? false;
  });
  await insertEvents(events.length)(values);
}

/** The insert of `count` events, built once per count (a change records one or two). */
const inserts = new Map<number, ReturnType<typeof buildInsert>>();
function insertEvents(count: number) {
  let insert = inserts.get(count);
  if (!insert) inserts.set(count, (insert = buildInsert(count)));
  return insert;
}

const buildInsert = (count: number) =>
  preparedQuery((db) =>
    db.insert(ticketEvents).values(
      Array.from({ length: count }, (_, i) => ({
        ticketNumber: sql.placeholder(`ticketNumber${i}`),
        actorId: sql.placeholder(`actorId${i}`),
        type: sql.placeholder(`type${i}`),
        field: sql.placeholder(`field${i}`),
        oldValue: sql.placeholder(`oldValue${i}`),
        newValue: sql.placeholder(`newValue${i}`),
        internal: sql.placeholder(`internal${i}`),
      })),
    ),
  );
