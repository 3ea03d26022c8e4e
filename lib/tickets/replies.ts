import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ticketReplies, tickets, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { forbidden } from "@/lib/errors";
import { notifyReply } from "@/lib/notifications/ticket-emails";
import type { ReplyInput } from "@/lib/validation/tickets";
import {
  checkFiles,
  recordAttachments,
  removeStoredFiles,
  storeFiles,
  type IncomingFile,
} from "./attachments";
import { recordEvent } from "./record-event";
import { findVisibleTicket, isStaff } from "./visibility";

export type PublicReply = {
  id: number;
  ticketNumber: number;
  author: string;
  authorName: string;
  authorType: string;
  body: string;
  internal: boolean;
  createdAt: string;
};

export const CUSTOMER_WAITS_MESSAGE =
  "You can reply once an engineer has answered your ticket. We'll let you know when they do.";

/** May this actor post a public reply now? Customers wait for the first staff reply (SPEC §3). */
export function canReply(actor: Actor, ticket: { firstStaffReplyAt: Date | null }) {
  return isStaff(actor) || ticket.firstStaffReplyAt !== null;
}

/**
 * Before a reply's body is read: the ticket is visible to the actor (404 otherwise) and the actor
 * may post on it now (staff always; a customer once an engineer answered). addReply checks
 * again, with the body, whether a note or a reply is allowed.
 */
export function assertMayPostOn(actor: Actor, ref: string) {
  const ticket = findVisibleTicket(actor, ref);
  if (!canReply(actor, ticket)) throw forbidden(CUSTOMER_WAITS_MESSAGE);
}

/**
 * POST /tickets/:id/replies: a public reply, or an internal note (staff only), with up to five
 * attachments. A customer may reply once an engineer or admin has replied at least once.
 */
export function addReply(
  actor: Actor,
  ref: string,
  input: ReplyInput,
  files: IncomingFile[] = [],
): PublicReply {
  const ticket = findVisibleTicket(actor, ref);
  if (input.internal && !isStaff(actor))
    throw forbidden("Only engineers and admins write internal notes");
  if (!input.internal && !canReply(actor, ticket)) throw forbidden(CUSTOMER_WAITS_MESSAGE);
  // Files are checked first and written before the transaction; if it fails they are removed.
  const stored = storeFiles(checkFiles(files));

  const db = getDb();
  let reply;
  try {
    reply = db.transaction(() => {
      const now = new Date();
      const row = db
        .insert(ticketReplies)
        .values({
          ticketNumber: ticket.number,
          authorId: actor.id,
          body: input.body,
          internal: input.internal,
          createdAt: now,
        })
        .returning()
        .get();
      // A staff member's public answer, other than on their own ticket, unlocks the customer's replies.
      const staffAnswer = isStaff(actor) && !input.internal && ticket.reporterId !== actor.id;
      db.update(tickets)
        .set({
          updatedAt: now,
          ...(staffAnswer
            ? { firstStaffReplyAt: sql`coalesce(${tickets.firstStaffReplyAt}, ${now.getTime()})` }
            : {}),
        })
        .where(eq(tickets.number, ticket.number))
        .run();
      recordEvent({
        ticketNumber: ticket.number,
        actorId: actor.id,
        type: input.internal ? "note" : "reply",
        newValue: String(row.id),
        internal: input.internal,
      });
      recordAttachments(actor, ticket.number, row.id, stored, input.internal);
      // Internal notes send no email: nothing of them may reach a customer's inbox.
      if (!input.internal) notifyReply(ticket.number, actor.id, input.body);
      return row;
    });
  } catch (error) {
    removeStoredFiles(stored.map((f) => f.storageKey));
    throw error;
  }
  return {
    id: reply.id,
    ticketNumber: reply.ticketNumber,
    author: actor.userId,
    authorName: actor.name,
    authorType: actor.userType,
    body: reply.body,
    internal: reply.internal,
    createdAt: reply.createdAt.toISOString(),
  };
}

/** The conversation, oldest first; customers never receive internal notes. */
export function listReplies(actor: Actor, ref: string): PublicReply[] {
  const ticket = findVisibleTicket(actor, ref);
  return getDb()
    .select({
      id: ticketReplies.id,
      ticketNumber: ticketReplies.ticketNumber,
      author: users.userId,
      authorName: users.name,
      authorType: users.userType,
      body: ticketReplies.body,
      internal: ticketReplies.internal,
      createdAt: ticketReplies.createdAt,
    })
    .from(ticketReplies)
    .innerJoin(users, eq(users.id, ticketReplies.authorId))
    .where(
      and(
        eq(ticketReplies.ticketNumber, ticket.number),
        isStaff(actor) ? undefined : eq(ticketReplies.internal, false),
      ),
    )
    .orderBy(asc(ticketReplies.id))
    .all()
    .map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
