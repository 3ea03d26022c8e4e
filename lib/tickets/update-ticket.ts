import { and, eq, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { tickets, users, type Ticket } from "@/db/schema";
import { recordAssignment, releaseEngineerTickets, type Engineer } from "@/lib/assignment/assign";
import type { Actor } from "@/lib/auth/actor";
import { forbidden, invalid } from "@/lib/errors";
import { notifyTicketUpdated, type TicketChange } from "@/lib/notifications/ticket-emails";
import type { UpdateTicketInput } from "@/lib/validation/tickets";
import { findUserByUserId } from "@/lib/users/find-user";
import { recordEvent } from "./record-event";
import { ACTIVE_STATUSES, type TicketStatus } from "./statuses";
import { toPublicTicket } from "./public-ticket";
import { findVisibleTicket } from "./visibility";

export const ASSIGNEE_AND_STATUS_MESSAGE =
  "Change the assignee and the status in separate requests: do one, then the other";

/**
 * PUT/PATCH /tickets/:id under the rules of docs/tickets.md#who-may-change-what:
 * - the assigned engineer and admins set any status; a reporter may close their own ticket, or
 *   reopen a RESOLVED or CLOSED one;
 * - only admins set the priority or the assignee (an approved engineer, or null for the pool);
 * - never the assignee and the status in one request;
 * - the reporter, the assignee and admins edit title, description and category.
 * Every change is one history event, written in the same transaction.
 */
export async function updateTicket(actor: Actor, ref: string, input: UpdateTicketInput) {
  const ticket = await findVisibleTicket(actor, ref);
  const isAdmin = actor.userType === "ADMIN";
  const isAssignee = ticket.assigneeId === actor.id;
  const isReporter = ticket.reporterId === actor.id;

  if (input.assignee !== undefined && input.status !== undefined) {
    throw invalid(ASSIGNEE_AND_STATUS_MESSAGE, {
      assignee: [ASSIGNEE_AND_STATUS_MESSAGE],
      status: [ASSIGNEE_AND_STATUS_MESSAGE],
    });
  }
  if (input.ticketPriority !== undefined && !isAdmin)
    throw forbidden("Only an admin sets the priority");
  if (input.assignee !== undefined && !isAdmin) throw forbidden("Only an admin reassigns a ticket");
  const editsText =
    input.title !== undefined || input.description !== undefined || input.category !== undefined;
  if (editsText && !(isAdmin || isAssignee || isReporter)) {
    throw forbidden("Only the reporter, the assigned engineer or an admin edits a ticket");
  }
  if (input.status !== undefined && input.status !== ticket.status && !(isAdmin || isAssignee)) {
    assertReporterStatusChange(isReporter, ticket.status, input.status);
  }

  // The new assignee: an approved engineer, or null for the pool.
  let assignee: Engineer | null | undefined;
  if (input.assignee !== undefined) {
    if (input.assignee === null) assignee = null;
    else {
      const engineer = await findUserByUserId(input.assignee);
      if (!engineer || engineer.userType !== "ENGINEER" || engineer.userStatus !== "APPROVED") {
        throw invalid("Assign tickets to an approved engineer", {
          assignee: ["Not an approved engineer"],
        });
      }
      if (engineer.deactivatedAt) throw deactivatedAssignee();
      assignee = { id: engineer.id, userId: engineer.userId };
    }
  }

  const changes: Partial<Ticket> = {};
  const events: Parameters<typeof recordEvent>[0][] = [];
  const n = ticket.number;
  const change = <K extends keyof Ticket>(
    key: K,
    value: Ticket[K] | undefined,
    type: "edit" | "priority" | "status",
  ) => {
    if (value === undefined || value === ticket[key]) return;
    changes[key] = value;
    events.push({
      ticketNumber: n,
      actorId: actor.id,
      type,
      field: key,
      oldValue: ticket[key] as never,
      newValue: value as never,
    });
  };
  change("title", input.title, "edit");
  change("description", input.description, "edit");
  change("category", input.category, "edit");
  change("ticketPriority", input.ticketPriority, "priority");
  if (input.status !== undefined && input.status !== ticket.status) {
    change("status", input.status, "status");
    Object.assign(changes, statusTimestamps(ticket, input.status));
  }
  const reassigned = assignee !== undefined && (assignee?.id ?? null) !== ticket.assigneeId;
  if (reassigned) {
    changes.assigneeId = assignee?.id ?? null;
    changes.acceptedAt = null;
  }
  if (events.length === 0 && !reassigned) {
    return { message: "Nothing changed", ticket: toPublicTicket(ticket) };
  }

  await writeTransaction(
    async () => {
      const db = getDb();
      // Re-check the assignee inside the transaction: approval could have been withdrawn meanwhile.
      if (reassigned && assignee) {
        const [still] = await db
          .select({ deactivatedAt: users.deactivatedAt })
          .from(users)
          .where(
            and(
              eq(users.id, assignee.id),
              eq(users.userStatus, "APPROVED"),
              eq(users.userType, "ENGINEER"),
              isNull(users.deletedAt),
            ),
          )
          .limit(1);
        if (!still)
          throw invalid("Assign tickets to an approved engineer", {
            assignee: ["Not an approved engineer"],
          });
        if (still.deactivatedAt) throw deactivatedAssignee();
      }
      await db
        .update(tickets)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(tickets.number, n));
      for (const event of events) await recordEvent(event);
      const emailed: TicketChange[] = events.map((e) => ({
        field: e.field as TicketChange["field"],
        from: e.oldValue ?? null,
        to: e.newValue ?? null,
      }));
      if (reassigned) {
        emailed.push(
          await recordAssignment({
            ticketNumber: n,
            actorId: actor.id,
            from: ticket.assigneeUserId,
            to: assignee ?? null,
          }),
        );
      }
      await notifyTicketUpdated(n, actor.id, emailed);
      // Reopened while held by someone who can no longer work it (rejected, demoted or deleted since):
      // back to the pool and reassigned by the same rule, as their other active tickets were.
      if (changes.status && ACTIVE_STATUSES.includes(changes.status) && ticket.assigneeId) {
        const [holder] = await db
          .select()
          .from(users)
          .where(eq(users.id, ticket.assigneeId))
          .limit(1);
        const canWork =
          holder?.userType === "ENGINEER" &&
          holder.userStatus === "APPROVED" &&
          !holder.deletedAt &&
          !holder.deactivatedAt;
        if (holder && !canWork) await releaseEngineerTickets(holder, actor.id);
      }
    },
    // A new assignee, or a status change that may give the ticket back and reassign it, chooses
    // who works it: the transaction holds the assignment lock (docs/tickets.md#assignment).
    { assigns: reassigned || changes.status !== undefined },
  );
  return {
    message: "Ticket updated",
    ticket: toPublicTicket(await findVisibleTicket(actor, String(n))),
  };
}

const deactivatedAssignee = () =>
  invalid("This engineer's account is deactivated: assign the ticket to an active engineer", {
    assignee: ["Deactivated account"],
  });

function assertReporterStatusChange(isReporter: boolean, from: TicketStatus, to: TicketStatus) {
  if (!isReporter) throw forbidden("Only the assigned engineer or an admin changes the status");
  if (to === "CLOSED") return;
  if (to === "OPEN" && (from === "RESOLVED" || from === "CLOSED")) return;
  throw forbidden("You can close your ticket, or reopen it once it is resolved or closed");
}

/** resolvedAt/closedAt follow the status; reopening clears them so reports stay true. */
export function statusTimestamps(
  ticket: Pick<Ticket, "resolvedAt" | "closedAt">,
  to: TicketStatus,
): Partial<Ticket> {
  const now = new Date();
  if (to === "RESOLVED") return { resolvedAt: now, closedAt: null };
  if (to === "CLOSED") return { closedAt: now, resolvedAt: ticket.resolvedAt ?? now };
  return { resolvedAt: null, closedAt: null };
}
