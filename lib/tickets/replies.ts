import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { ticketReplies, tickets, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { forbidden } from "@/lib/errors";
import { notifyReply } from "@/lib/notifications/ticket-emails";
import {
  decodeCursor,
  isIdCursor,
  toPage,
  toWindow,
  type Page,
  type Window,
} from "@/lib/pagination";
import type { PageQuery } from "@/lib/validation/common";
import type { Slice } from "./slice";
import { renderMarkdown } from "@/lib/rich-text/markdown";
import type { SafeHtml } from "@/lib/rich-text/sanitize";
import type { ReplyInput } from "@/lib/validation/tickets";
import {
  checkFiles,
  recordAttachments,
  removeStoredFiles,
  storeFiles,
  type IncomingFile,
  type StoredFile,
} from "./attachments";
import { recordEvent } from "./record-event";
import { findVisibleTicket, isStaff } from "./visibility";

export type PublicReply = {
  id: number;
  ticketNumber: number;
  author: string;
  authorName: string;
  authorType: string;
  /** The Markdown source, as written. */
  body: string;
  /** `body` rendered and sanitized (docs/tickets.md#formatting): the only HTML shown for it. */
  bodyHtml: SafeHtml;
  internal: boolean;
  /** "portal" or "email". */
  source: string;
  /** A customer's email kept before any staff reply (docs/email.md#replies-by-email). */
  addition: boolean;
  createdAt: string;
};

export const CUSTOMER_WAITS_MESSAGE =
  "You can reply once an engineer has answered your ticket. We'll let you know when they do.";

/** May this actor post a public reply now? Customers wait for the first staff reply (docs/tickets.md#replies-and-internal-notes). */
export function canReply(actor: Actor, ticket: { firstStaffReplyAt: Date | null }) {
  return isStaff(actor) || ticket.firstStaffReplyAt !== null;
}

/**
 * Before a reply's body is read: the ticket is visible to the actor (404 otherwise) and the actor
 * may post on it now (staff always; a customer once an engineer answered). addReply checks
 * again, with the body, whether a note or a reply is allowed.
 */
export async function assertMayPostOn(actor: Actor, ref: string) {
  const ticket = await findVisibleTicket(actor, ref);
  if (!canReply(actor, ticket)) throw forbidden(CUSTOMER_WAITS_MESSAGE);
}

/**
 * POST /tickets/:id/replies: a public reply, or an internal note (staff only), with up to five
 * attachments. A customer may reply once an engineer or admin has replied at least once.
 */
export async function addReply(
  actor: Actor,
  ref: string,
  input: ReplyInput,
  files: IncomingFile[] = [],
  fromEmail?: EmailReplyOptions,
): Promise<PublicReply> {
  const ticket = await findVisibleTicket(actor, ref);
  if (input.internal && !isStaff(actor))
    throw forbidden("Only engineers and admins write internal notes");
  // Mail is never dropped by the wait for a staff answer: it joins as an addition instead.
  const addition = !input.internal && !canReply(actor, ticket);
  if (addition && !fromEmail) throw forbidden(CUSTOMER_WAITS_MESSAGE);
  // Files are checked and moved into place before the transaction (no file I/O inside one); if
  // the transaction fails they are removed after its rollback. Mail's files come checked and stored.
  const stored = fromEmail ? fromEmail.stored : await storeFiles(checkFiles(files));

  let reply;
  try {
    reply = await writeTransaction(async () => {
      const db = getDb();
      const now = new Date();
      const [row] = await db
        .insert(ticketReplies)
        .values({
          ticketNumber: ticket.number,
          authorId: actor.id,
          body: input.body,
          internal: input.internal,
          source: fromEmail ? "email" : "portal",
          addition,
          createdAt: now,
        })
        .returning();
      // A staff member's public answer, other than on their own ticket, unlocks the customer's replies.
      const staffAnswer = isStaff(actor) && !input.internal && ticket.reporterId !== actor.id;
      // updatedAt is what the customer sees (and sorts by): an internal note leaves it alone; staff
      // still see the note's time in the conversation and the timeline.
      if (!input.internal)
        await db
          .update(tickets)
          .set({
            updatedAt: now,
            ...(staffAnswer
              ? {
                  firstStaffReplyAt: sql`coalesce(${tickets.firstStaffReplyAt}, ${sql.param(now, tickets.firstStaffReplyAt)})`,
                }
              : {}),
          })
          .where(eq(tickets.number, ticket.number));
      await recordEvent({
        ticketNumber: ticket.number,
        actorId: actor.id,
        type: input.internal ? "note" : "reply",
        newValue: String(row.id),
        internal: input.internal,
      });
      await recordAttachments(actor, ticket.number, row.id, stored, input.internal);
      // Internal notes send no email: nothing of them may reach a customer's inbox.
      if (!input.internal) await notifyReply(ticket.number, actor.id, input.body);
      await fromEmail?.within(row.id, ticket.number);
      return row;
    });
  } catch (error) {
    await removeStoredFiles(stored.map((f) => f.storageKey));
    throw error;
  }
  return {
    id: reply.id,
    ticketNumber: reply.ticketNumber,
    author: actor.userId,
    authorName: actor.name,
    authorType: actor.userType,
    body: reply.body,
    bodyHtml: renderMarkdown(reply.body),
    internal: reply.internal,
    source: reply.source,
    addition: reply.addition,
    createdAt: reply.createdAt.toISOString(),
  };
}

/** A reply taken from an email (lib/email/ingest.ts). */
export type EmailReplyOptions = {
  /** Its attachments, already checked and stored. */
  stored: StoredFile[];
  /** Runs inside the reply's transaction: the inbound log row commits with the reply. */
  within: (replyId: number, ticketNumber: number) => Promise<void>;
};

async function selectReplies(
  actor: Actor,
  ref: string,
  { afterId, beforeId, limit, newestFirst = false }: Slice = {},
) {
  const ticket = await findVisibleTicket(actor, ref);
  const query = getDb()
    .select({
      id: ticketReplies.id,
      ticketNumber: ticketReplies.ticketNumber,
      author: users.userId,
      authorName: users.name,
      authorType: users.userType,
      body: ticketReplies.body,
      internal: ticketReplies.internal,
      source: ticketReplies.source,
      addition: ticketReplies.addition,
      createdAt: ticketReplies.createdAt,
    })
    .from(ticketReplies)
    .innerJoin(users, eq(users.id, ticketReplies.authorId))
    .where(
      and(
        eq(ticketReplies.ticketNumber, ticket.number),
        isStaff(actor) ? undefined : eq(ticketReplies.internal, false),
        afterId !== undefined ? gt(ticketReplies.id, afterId) : undefined,
        beforeId !== undefined ? lt(ticketReplies.id, beforeId) : undefined,
      ),
    )
    .orderBy(newestFirst ? desc(ticketReplies.id) : asc(ticketReplies.id));
  return limit !== undefined ? await query.limit(limit) : await query;
}

const toPublicReply = (r: Awaited<ReturnType<typeof selectReplies>>[number]): PublicReply => ({
  ...r,
  bodyHtml: renderMarkdown(r.body),
  createdAt: r.createdAt.toISOString(),
});

/** The whole conversation, oldest first; customers never receive internal notes. */
export async function listReplies(actor: Actor, ref: string): Promise<PublicReply[]> {
  return (await selectReplies(actor, ref)).map(toPublicReply);
}

/**
 * The ticket page's conversation: the `limit` latest replies before `beforeId` (the latest of all
 * without it), oldest first, and whether there are earlier ones, so a thread of thousands renders
 * a page of them (docs/tickets.md#long-conversations).
 */
export async function latestReplies(
  actor: Actor,
  ref: string,
  { beforeId, limit }: { beforeId?: number; limit: number },
): Promise<Window<PublicReply>> {
  const rows = await selectReplies(actor, ref, { beforeId, limit: limit + 1, newestFirst: true });
  return toWindow(rows, limit, toPublicReply);
}

/** GET /tickets/:id/replies: the conversation a page at a time, oldest first, keyset on the id. */
export async function listRepliesPage(
  actor: Actor,
  ref: string,
  page: PageQuery,
): Promise<Page<PublicReply>> {
  const after = decodeCursor(page.cursor, isIdCursor);
  const rows = await selectReplies(actor, ref, { afterId: after?.[0], limit: page.limit + 1 });
  return toPage(rows, page.limit, toPublicReply, (r) => [r.id]);
}
