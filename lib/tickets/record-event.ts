import { getDb } from "@/db/client";
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
  await getDb()
    .insert(ticketEvents)
    .values({
      ticketNumber: event.ticketNumber,
      actorId: event.actorId,
      type: event.type,
      field: event.field ?? null,
      oldValue: text(event.oldValue),
      newValue: text(event.newValue),
      internal: event.internal ?? false,
    });
}
