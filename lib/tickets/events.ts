import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ticketEvents, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { findVisibleTicket, isStaff } from "./visibility";

export type PublicEvent = {
  id: number;
  type: string;
  actor: string | null;
  actorName: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  internal: boolean;
  createdAt: string;
};

/** GET /tickets/:id/events: the timeline, oldest first; internal events are hidden from customers. */
export function listEvents(actor: Actor, ref: string): PublicEvent[] {
  const ticket = findVisibleTicket(actor, ref);
  return getDb()
    .select({
      id: ticketEvents.id,
      type: ticketEvents.type,
      actor: users.userId,
      actorName: users.name,
      field: ticketEvents.field,
      oldValue: ticketEvents.oldValue,
      newValue: ticketEvents.newValue,
      internal: ticketEvents.internal,
      createdAt: ticketEvents.createdAt,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(
      and(
        eq(ticketEvents.ticketNumber, ticket.number),
        isStaff(actor) ? undefined : eq(ticketEvents.internal, false),
      ),
    )
    .orderBy(asc(ticketEvents.id))
    .all()
    .map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
}
