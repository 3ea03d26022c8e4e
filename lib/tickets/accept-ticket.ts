import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { tickets } from "@/db/schema";
import { recordAssignment } from "@/lib/assignment/assign";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict } from "@/lib/errors";
import { notifyTicketUpdated, type TicketChange } from "@/lib/notifications/ticket-emails";
import { recordEvent } from "./record-event";
import { ACTIVE_STATUSES } from "./statuses";
import { toPublicTicket } from "./public-ticket";
import { findVisibleTicket } from "./visibility";

/**
 * POST /tickets/:id/accept (docs/tickets.md#accepting-a-ticket): an engineer takes a ticket from
 * the unassigned pool, or accepts the one assigned to them; it moves to IN_PROGRESS. The update is
 * conditional, so two engineers racing for one pool ticket can't both win.
 */
export async function acceptTicket(actor: Actor, ref: string) {
  // Visibility first: a ticket the actor can't see answers 404, never 403 (docs/visibility.md#not-found-never-forbidden).
  const ticket = await findVisibleTicket(actor, ref);
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
  await writeTransaction(
    async () => {
      const now = new Date();
      const taken = await getDb()
        .update(tickets)
        .set({ assigneeId: actor.id, status: "IN_PROGRESS", acceptedAt: now, updatedAt: now })
        .where(
          and(
            eq(tickets.number, ticket.number),
            or(isNull(tickets.assigneeId), eq(tickets.assigneeId, actor.id)),
            inArray(tickets.status, [...ACTIVE_STATUSES]),
          ),
        )
        .returning({ number: tickets.number });
      if (taken.length === 0) throw conflict(`Someone else took ticket #${ticket.number} first`);
      const changes: TicketChange[] = [];
      if (ticket.assigneeId === null) {
        changes.push(
          await recordAssignment({
            ticketNumber: ticket.number,
            actorId: actor.id,
            from: null,
            to: actor,
          }),
        );
      }
      await recordEvent({ ticketNumber: ticket.number, actorId: actor.id, type: "accepted" });
      if (ticket.status !== "IN_PROGRESS") {
        changes.push({ field: "status", from: ticket.status, to: "IN_PROGRESS" });
      }
      await notifyTicketUpdated(ticket.number, actor.id, changes);
      if (ticket.status !== "IN_PROGRESS") {
        await recordEvent({
          ticketNumber: ticket.number,
          actorId: actor.id,
          type: "status",
          field: "status",
          oldValue: ticket.status,
          newValue: "IN_PROGRESS",
        });
      }
    },
    { assigns: true },
  );
  return {
    message: `You accepted ticket #${ticket.number}`,
    ticket: toPublicTicket(await findVisibleTicket(actor, String(ticket.number))),
  };
}
