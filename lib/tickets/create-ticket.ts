import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { tickets, users, type User } from "@/db/schema";
import { leastLoadedEngineer, recordAssignment } from "@/lib/assignment/assign";
import type { Actor } from "@/lib/auth/actor";
import { invalid } from "@/lib/errors";
import { notifyTicketCreated, type Person } from "@/lib/notifications/ticket-emails";
import type { CreateTicketInput } from "@/lib/validation/tickets";
import { findVisibleCustomer } from "@/lib/crm/customers";
import { interactionForTicket } from "@/lib/crm/interactions";
import { toPublicTicket } from "./public-ticket";
import { recordAttachments, type StoredFile } from "./attachments";
import { recordEvent } from "./record-event";
import { NO_ENGINEER_MESSAGE } from "./statuses";

/** Time-ordered (so inserts stay local in the index) and unguessable. */
export function newTicketId() {
  return `t${Date.now().toString(36)}${randomBytes(8).toString("base64url")}`;
}

/**
 * Any approved user raises a ticket (docs/tickets.md#assignment). The least-loaded engineer is
 * chosen and the ticket inserted in one write transaction holding the assignment lock, so
 * concurrent creations never pick from a stale count. With no engineer approved the ticket is
 * kept, unassigned, and the answer says so.
 */
export async function createTicket(
  actor: Actor,
  input: CreateTicketInput,
  fromEmail?: EmailTicketOptions,
) {
  if (input.ticketPriority !== undefined && actor.userType !== "ADMIN") {
    throw invalid("Only an admin sets the priority", {
      ticketPriority: ["Only an admin sets the priority"],
    });
  }
  const reporter = await onBehalfOf(actor, input);
  const { ticket, engineer } = await writeTransaction(
    async () => {
      const engineer = await leastLoadedEngineer();
      const [ticket] = await insertTicket({
        id: newTicketId(),
        title: input.title,
        description: input.description,
        ticketPriority: input.ticketPriority ?? 4,
        category: input.category ?? null,
        interactionId: input.interactionId ?? null,
        reporterId: reporter.id,
        assigneeId: engineer?.id ?? null,
      });
      const created = { ticketNumber: ticket.number, actorId: actor.id, type: "created" } as const;
      if (engineer) {
        await recordAssignment({
          ticketNumber: ticket.number,
          actorId: null,
          from: null,
          to: engineer,
          preceding: [created],
        });
      } else await recordEvent(created);
      if (fromEmail) {
        await recordAttachments(actor, ticket.number, null, fromEmail.stored, false);
        await fromEmail.within(ticket.number);
      }
      // The creation email names the assignee, or tells admins that nobody was available.
      await notifyTicketCreated({ ticket, reporter, assignee: engineer });
      return { ticket, engineer };
    },
    { assigns: true },
  );
  // Nothing changes the row after its insert (triggers keep other tables), so it is the answer.
  const answer = toPublicTicket({
    ...ticket,
    reporterUserId: reporter.userId,
    reporterName: reporter.name,
    assigneeUserId: engineer?.userId ?? null,
    assigneeName: engineer?.name ?? null,
  });
  const message = engineer
    ? `Ticket #${ticket.number} created and assigned to ${engineer.name}`
    : `Ticket #${ticket.number} created. ${NO_ENGINEER_MESSAGE}`;
  return { message, ticket: answer, assigned: !!engineer };
}

const insertTicket = preparedQuery((db) => {
  const value = sql.placeholder;
  return db
    .insert(tickets)
    .values({
      id: value("id"),
      title: value("title"),
      description: value("description"),
      ticketPriority: value("ticketPriority"),
      category: value("category"),
      interactionId: value("interactionId"),
      reporterId: value("reporterId"),
      assigneeId: value("assigneeId"),
    })
    .returning();
});

/** A ticket raised by email (lib/email/ingest.ts). */
export type EmailTicketOptions = {
  /** The message's attachments, already checked and stored. */
  stored: StoredFile[];
  /** Runs inside the creation's transaction: the inbound log row commits with the ticket. */
  within: (ticketNumber: number) => Promise<void>;
};

/**
 * Who the ticket is for (with the name and address its emails need). Anyone raises their own; staff may raise one for a customer they work
 * with (from a call, a meeting: docs/tickets.md#tickets-for-a-customer), and a ticket from an interaction defaults to its customer.
 */
async function onBehalfOf(actor: Actor, input: CreateTicketInput): Promise<Person> {
  if (input.reporter === undefined && input.interactionId === undefined) return actor;
  if (actor.userType === "CUSTOMER") {
    throw invalid("Customers raise tickets for themselves", {
      [input.reporter !== undefined ? "reporter" : "interactionId"]: ["Staff only"],
    });
  }
  const interaction =
    input.interactionId !== undefined
      ? await interactionForTicket(actor, input.interactionId)
      : null;
  let customer: User;
  try {
    if (input.reporter === undefined) {
      const [row] = await getDb()
        .select()
        .from(users)
        .where(eq(users.id, interaction!.customerId))
        .limit(1);
      customer = row!;
    } else customer = await findVisibleCustomer(actor, input.reporter);
  } catch {
    throw invalid("Raise tickets for a customer you work with", {
      reporter: ["No such customer"],
    });
  }
  if (customer.deactivatedAt) {
    throw invalid("This customer is deactivated", { reporter: ["Deactivated"] });
  }
  if (interaction && interaction.customerId !== customer.id) {
    throw invalid("The interaction is with another customer", {
      reporter: ["Not the interaction's customer"],
    });
  }
  return customer;
}
