import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inboundMessages, tickets } from "@/db/schema";
import { bracketed, outboundMessageId, replyAddress, ticketThreadId } from "./addresses";

/** The headers that make mail clients thread Caseline's emails (docs/email.md#threading). */
export type ThreadHeaders = {
  /** `<…>` of this outbox row, the same on every attempt. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** The ticket's signed reply address, when SUPPORT_EMAIL is set. */
  replyTo?: string;
  /** Sent with every message: well-behaved auto-responders don't answer it (RFC 3834). */
  extra: Record<string, string>;
};

/**
 * For one outbox row: its own Message-ID and, for an email about a ticket, In-Reply-To and
 * References naming the ticket's thread root — the customer's first message when the ticket was
 * raised by email (so it threads under what they sent), else a root id of the ticket's own.
 */
export async function threadHeadersFor(row: {
  requestId: string;
  ticketNumber: number | null;
}): Promise<ThreadHeaders> {
  const headers: ThreadHeaders = {
    messageId: bracketed(outboundMessageId(row.requestId)),
    extra: { "Auto-Submitted": "auto-generated", "X-Caseline-Loop": row.requestId },
  };
  if (row.ticketNumber === null) return headers;
  const db = getDb();
  const [ticket] = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.number, row.ticketNumber))
    .limit(1);
  if (!ticket) return headers;
  const [first] = await db
    .select({ messageId: inboundMessages.messageId })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.ticketNumber, row.ticketNumber),
        eq(inboundMessages.status, "CREATED"),
      ),
    )
    .orderBy(asc(inboundMessages.id))
    .limit(1);
  const root = bracketed(
    first && !first.messageId.startsWith("sha256:") ? first.messageId : ticketThreadId(ticket.id),
  );
  headers.inReplyTo = root;
  headers.references = [root];
  headers.replyTo = replyAddress(row.ticketNumber) ?? undefined;
  return headers;
}
