import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { tickets } from "@/db/schema";
import { markAssigned } from "@/lib/assignment/assign";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict } from "@/lib/errors";
import { notifyTicketUpdated } from "@/lib/notifications/ticket-emails";
import { recordEvent } from "./record-event";
import { ACTIVE_STATUSES } from "./statuses";
import { toPublicTicket } from "./public-ticket";
import { findVisibleTicket } from "./visibility";

/**
 * POST /tickets/:id/accept (docs/tickets.md#accepting-a-ticket): an engineer takes a ticket from the unassigned pool, or
 * accepts the one assigned to them; it moves to IN_PROGRESS. The update is conditional, so two
 * engineers racing for one pool ticket can't both win.
 */
export function acceptTicket(actor: Actor, ref: string) {
  // Visibility first: a ticket the actor can't see answers 404, never 403 (docs/visibility.md#not-found-never-forbidden).
  const ticket = findVisibleTicket(actor, ref);
  requireRole(actor, "ENGINEER");
  if (ticket.assigneeId !== null && ticket.assigneeId !== actor.id) {
    throw conflict(`Ticket #${ticket.number} is assigned to ${ticket.assigneeName}`);
  }
  if (!ACTIVE_STATUSES.includes(ticket.status)) {
    throw conflict(`Ticket #${ticket.number} is ${ticket.status.toLowerCase()}; reopen it first`);
  }
  if (ticket.assigneeId === actor.id && ticket.acceptedAt && ticket.status === "IN_PROGRESS") {
    return {
      message: `You accepted ticket #${ticket.number} already`,
      ticket: toPublicTicket(ticket),
    };
  }
  const db = getDb();
  writeTransaction(() => {
    const now = new Date();
    const taken = db
      .update(tickets)
      .set({ assigneeId: actor.id, status: "IN_PROGRESS", acceptedAt: now, updatedAt: now })
      .where(
        and(
          eq(tickets.number, ticket.number),
          or(isNull(tickets.assigneeId), eq(tickets.assigneeId, actor.id)),
          inArray(tickets.status, [...ACTIVE_STATUSES]),
        ),
      )
      .run();
    if (taken.changes === 0) throw conflict(`Someone else took ticket #${ticket.number} first`);
    if (ticket.assigneeId === null) {
      markAssigned(actor.id);
      recordEvent({
        ticketNumber: ticket.number,
        actorId: actor.id,
        type: "assigned",
        field: "assignee",
        newValue: actor.userId,
      });
    }
    recordEvent({ ticketNumber: ticket.number, actorId: actor.id, type: "accepted" });
    notifyTicketUpdated(ticket.number, actor.id, [
      ...(ticket.assigneeId === null
        ? [{ field: "assignee" as const, from: null, to: actor.userId }]
        : []),
      ...(ticket.status !== "IN_PROGRESS"
        ? [{ field: "status" as const, from: ticket.status, to: "IN_PROGRESS" }]
        : []),
    ]);
    if (ticket.status !== "IN_PROGRESS") {
      recordEvent({
        ticketNumber: ticket.number,
        actorId: actor.id,
        type: "status",
        field: "status",
        oldValue: ticket.status,
        newValue: "IN_PROGRESS",
      });
    }
  });
  return {
    message: `You accepted ticket #${ticket.number}`,
    ticket: toPublicTicket(findVisibleTicket(actor, String(ticket.number))),
  };
}
