import { buffer } from "node:stream/consumers";
import { and, count, desc, eq, lt, type SQL } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { inboundMessages, mailboxes, type InboundMessage } from "@/db/schema";
import type { InboundStatus } from "@/db/enums";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { fileStore } from "@/lib/files/store";
import { logger } from "@/lib/log.mjs";
import { decodeCursor, toPage } from "@/lib/pagination";
import type { ListInboundQuery } from "@/lib/validation/email";
import { handle, type IngestOutcome } from "./ingest";

/**
 * The inbound log (docs/email.md#the-inbound-log): every email that came in, by either way, and
 * what became of it; the admin's retry and discard of quarantined ones. Admins only.
 */

export type InboundMessageView = {
  id: number;
  messageId: string;
  channel: InboundMessage["channel"];
  mailbox: { id: number; name: string } | null;
  from: string | null;
  subject: string | null;
  size: number;
  status: InboundStatus;
  reason: string | null;
  ticketNumber: number | null;
  replyId: number | null;
  attempts: number;
  /** Whether the message as received is kept (GET …/raw); not for one over the size limit or discarded. */
  rawKept: boolean;
  receivedAt: string;
  updatedAt: string;
};

type Row = InboundMessage & { mailboxName: string | null };

function toView(row: Row): InboundMessageView {
  return {
    id: row.id,
    messageId: row.messageId,
    channel: row.channel,
    mailbox: row.mailboxId !== null ? { id: row.mailboxId, name: row.mailboxName ?? "" } : null,
    from: row.fromAddress,
    subject: row.subject,
    size: row.size,
    status: row.status,
    reason: row.reason,
    ticketNumber: row.ticketNumber,
    replyId: row.replyId,
    attempts: row.attempts,
    rawKept: row.rawKey !== null,
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function selectRows() {
  return getDb()
    .select({ message: inboundMessages, mailboxName: mailboxes.name })
    .from(inboundMessages)
    .leftJoin(mailboxes, eq(mailboxes.id, inboundMessages.mailboxId));
}

const flat = (r: { message: InboundMessage; mailboxName: string | null }): Row => ({
  ...r.message,
  mailboxName: r.mailboxName,
});

async function findRow(id: number): Promise<Row> {
  const [row] = await selectRows().where(eq(inboundMessages.id, id)).limit(1);
  if (!row) throw notFound("No such incoming email");
  return flat(row);
}

/** Newest first, by status and ticket. */
export async function listInboundMessages(actor: Actor, query: ListInboundQuery) {
  requireRole(actor, "ADMIN");
  const after = decodeCursor(
    query.cursor,
    (v): v is number => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31,
  );
  const where: (SQL | undefined)[] = [
    query.status ? eq(inboundMessages.status, query.status) : undefined,
    query.ticket ? eq(inboundMessages.ticketNumber, query.ticket) : undefined,
    after !== undefined ? lt(inboundMessages.id, after) : undefined,
  ];
  const rows = await selectRows()
    .where(and(...where))
    .orderBy(desc(inboundMessages.id))
    .limit(query.limit + 1);
  return toPage(rows.map(flat), query.limit, toView, (r) => r.id);
}

export async function getInboundMessage(actor: Actor, id: number) {
  requireRole(actor, "ADMIN");
  return toView(await findRow(id));
}

/** The message exactly as it came in (message/rfc822), to look at or to import elsewhere. */
export async function inboundRaw(actor: Actor, id: number) {
  requireRole(actor, "ADMIN");
  const row = await findRow(id);
  const kept = row.rawKey ? await fileStore().open(row.rawKey) : null;
  if (!kept) {
    throw notFound(
      row.status === "DISCARDED"
        ? "This email was discarded: it is no longer kept"
        : "This email was not kept (it was larger than the limit)",
    );
  }
  return { ...kept, messageId: row.messageId };
}

/** How many are in each status: the log's tabs. */
export async function inboundCounts(actor: Actor) {
  requireRole(actor, "ADMIN");
  return getDb()
    .select({ status: inboundMessages.status, count: count() })
    .from(inboundMessages)
    .groupBy(inboundMessages.status);
}

/** The nav badge: quarantined emails wait for an admin to retry or discard them. */
export async function quarantinedEmailCount(actor: Actor): Promise<number> {
  if (actor.userType !== "ADMIN") return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(inboundMessages)
    .where(eq(inboundMessages.status, "QUARANTINED"));
  return row?.n ?? 0;
}

function quarantinedOnly(row: Row) {
  if (row.status === "QUARANTINED") return;
  throw conflict(
    row.status === "DISCARDED"
      ? "This email was discarded already"
      : row.status === "RECEIVED"
        ? "This email is being handled right now"
        : "Only a quarantined email can be retried or discarded",
  );
}

/**
 * Handles a quarantined message again, as it came in (after a fix, or a raised limit): it may now
 * make a ticket or a reply, or be quarantined again with the reason of this try.
 */
export async function retryInboundMessage(
  actor: Actor,
  id: number,
): Promise<{ outcome: IngestOutcome; message: InboundMessageView }> {
  requireRole(actor, "ADMIN");
  const row = await findRow(id);
  quarantinedOnly(row);
  if (!row.rawKey) {
    throw conflict(
      "This email was not kept (it was larger than the limit): discard it, and ask the sender to send it again smaller",
    );
  }
  const kept = await fileStore().open(row.rawKey);
  if (!kept) throw conflict("The stored copy of this email is missing: it can only be discarded");
  const raw = await buffer(kept.body);
  // Taken back from the quarantine first, so two admins retrying at once handle it once.
  const [taken] = await writeTransaction(
    async () =>
      await getDb()
        .update(inboundMessages)
        .set({ status: "RECEIVED", attempts: row.attempts + 1, updatedAt: new Date() })
        .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, "QUARANTINED")))
        .returning(),
  );
  if (!taken) throw conflict("Someone is handling this email already");
  let outcome: IngestOutcome;
  try {
    outcome = await handle(taken, raw);
  } catch (error) {
    await writeTransaction(
      async () =>
        await getDb()
          .update(inboundMessages)
          .set({ status: "QUARANTINED", updatedAt: new Date() })
          .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, "RECEIVED"))),
    );
    throw error;
  }
  logger.info(
    { inbound: id, status: outcome.status, by: actor.userId },
    `email ${row.messageId}: retried by ${actor.userId}`,
  );
  return { outcome, message: toView(await findRow(id)) };
}

/** Gives up on a quarantined message: marked discarded, its stored copy removed. */
export async function discardInboundMessage(actor: Actor, id: number) {
  requireRole(actor, "ADMIN");
  const row = await findRow(id);
  quarantinedOnly(row);
  const [done] = await writeTransaction(
    async () =>
      await getDb()
        .update(inboundMessages)
        .set({
          status: "DISCARDED",
          reason: `discarded by ${actor.userId} (was: ${row.reason ?? "quarantined"})`.slice(
            0,
            1000,
          ),
          rawKey: null,
          updatedAt: new Date(),
        })
        .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, "QUARANTINED")))
        .returning(),
  );
  if (!done) throw conflict("Someone handled this email already");
  // After the commit: a copy left behind by a failed removal is only space, never a wrong answer.
  if (row.rawKey) {
    await fileStore()
      .remove([row.rawKey])
      .catch((error: unknown) =>
        logger.warn({ inbound: id, error: String(error) }, "discarded email's copy not removed"),
      );
  }
  return toView({ ...done, mailboxName: row.mailboxName });
}
