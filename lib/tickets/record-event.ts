import { sql } from "drizzle-orm";
import { preparedQuery } from "@/db/prepared";
import { ticketEvents, type TicketEventType } from "@/db/schema";

type EventInput = {
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
  await insertEvent({
    ticketNumber: event.ticketNumber,
    actorId: event.actorId,
    type: event.type,
    field: event.field ?? null,
    oldValue: text(event.oldValue),
    newValue: text(event.newValue),
    internal: event.internal ?? false,
  });
}

const insertEvent = preparedQuery((db) =>
  db.insert(ticketEvents).values({
    ticketNumber: sql.placeholder("ticketNumber"),
    actorId: sql.placeholder("actorId"),
    type: sql.placeholder("type"),
    field: sql.placeholder("field"),
    oldValue: sql.placeholder("oldValue"),
    newValue: sql.placeholder("newValue"),
    internal: sql.placeholder("internal"),
  }),
);
