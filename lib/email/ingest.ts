import { createHash, randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, count, eq, gte, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import {
  inboundMessages,
  notifications,
  tickets,
  users,
  type InboundChannel,
  type InboundMessage,
  type InboundStatus,
  type User,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { toActor } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { fileStore, mailTempDir } from "@/lib/files/store";
import { logger } from "@/lib/log.mjs";
import { createTicket } from "@/lib/tickets/create-ticket";
import { addReply } from "@/lib/tickets/replies";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { visibleTo } from "@/lib/tickets/visibility";
import {
  createSniffer,
  checkFiles,
  removeStoredFiles,
  storeFiles,
} from "@/lib/tickets/attachments";
import type { IncomingFile, StoredFile } from "@/lib/tickets/attachments";
import { isOwnAddress, parseOwnMessageId, referencedIds, ticketOfReplyAddress } from "./addresses";
import { headerFacts, MalformedMessageError, parseMessage, type ParsedMessage } from "./parse";
import { customerFromEmail, sendRefusal } from "./senders";

/**
 * One ingestion for every way mail comes in (docs/email.md): the IMAP reader and the SMTP
 * receiver hand each raw message here. It is recorded once by its Message-ID (a second delivery
 * is a duplicate), kept raw in the file store, then becomes a ticket, a reply on its ticket, or
 * is ignored, refused or quarantined, with the reason in the inbound log. Nothing here throws
 * for a bad message: only a failure to reach the database or the store does (the caller then
 * leaves the message to be delivered again).
 */

export type Delivery = {
  channel: InboundChannel;
  mailboxId?: number | null;
  /** The SMTP envelope's recipients (RCPT TO), which a Bcc or a forward may not show in headers. */
  recipients?: string[];
};

export type IngestOutcome = {
  /** The inbound log row (for a duplicate: the first delivery's). */
  id: number;
  status: InboundStatus | "DUPLICATE";
  reason: string | null;
  ticketNumber: number | null;
};

/** A message being handled for longer than this was left by a process that died: take it over. */
const ABANDONED_MS = 10 * 60_000;
const TITLE_MAX = 200;
const BODY_MAX = 10_000;

export async function ingestEmail(raw: Buffer, delivery: Delivery): Promise<IngestOutcome> {
  const head = await headerFacts(raw).catch(() => ({
    messageId: `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    from: null,
    fromName: null,
    subject: null,
  }));
  const claim = await claimMessage(head, raw.length, delivery);
  if ("duplicate" in claim) return claim.duplicate;
  const row = claim.row;
  try {
    if (raw.length > env().INBOUND_MAX_BYTES) {
      return await finish(
        row,
        "QUARANTINED",
        `larger than the ${mib(env().INBOUND_MAX_BYTES)} limit (${mib(raw.length)})`,
      );
    }
    const rawKey = row.rawKey ?? (await keepRaw(row.id, raw));
    return await handle({ ...row, rawKey }, raw, delivery.recipients);
  } catch (error) {
    // Nothing could be recorded (the database or the store is down): forget the claim, so the
    // next delivery of this message is handled afresh rather than seen as a duplicate.
    await getDb()
      .delete(inboundMessages)
      .where(and(eq(inboundMessages.id, row.id), eq(inboundMessages.status, "RECEIVED")))
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Handles a message already recorded and kept: parse, check, thread, act. Also what an admin's
 * retry of a quarantined message runs (lib/email/inbound-log.ts).
 */
export async function handle(
  row: InboundMessage,
  raw: Buffer,
  recipients: string[] = [],
): Promise<IngestOutcome> {
  let message: ParsedMessage;
  try {
    message = await parseMessage(raw);
    message.to.push(...recipients.map((r) => r.toLowerCase()));
  } catch (error) {
    if (error instanceof MalformedMessageError)
      return finish(row, "QUARANTINED", `malformed: ${error.message}`);
    throw error;
  }
  const e = env();
  if (message.attachments.length > e.INBOUND_MAX_ATTACHMENTS) {
    return finish(
      row,
      "QUARANTINED",
      `${message.attachments.length} attachments, more than the limit of ${e.INBOUND_MAX_ATTACHMENTS}`,
    );
  }
  const from = message.from!;
  if (isOwnAddress(from)) return finish(row, "IGNORED", "sent from Caseline's own address");
  if (message.bounce) return recordBounce(row, message);
  if (message.automatic) return finish(row, "IGNORED", `automatic message (${message.automatic})`);
  if ((await recentFrom(from, row.id)) >= e.INBOUND_MAX_PER_SENDER_PER_HOUR) {
    return finish(
      row,
      "REFUSED",
      `more than ${e.INBOUND_MAX_PER_SENDER_PER_HOUR} messages from ${from} in an hour`,
    );
  }

  const known = await userByEmail(from);
  if (known && (known.deactivatedAt || known.userStatus !== "APPROVED")) {
    const why = known.deactivatedAt
      ? "the sender's account is deactivated"
      : `the sender's account is ${known.userStatus.toLowerCase()}`;
    await sendRefusal(from, message.subject, "inactive");
    return finish(row, "REFUSED", why);
  }
  const actor = known ? toActor(known) : null;
  const thread = actor ? await findThread(actor, message, row.id) : null;

  if (!known && e.INBOUND_UNKNOWN_SENDERS === "refuse") {
    await sendRefusal(from, message.subject, "unknown");
    return finish(row, "REFUSED", "no account has this address (unknown senders are refused)");
  }

  const files = await incomingFiles(message);
  let stored: StoredFile[] = [];
  try {
    stored = await storeFiles(files.kept);
    const body = withNotes(message.text, files.left);
    if (thread && actor) {
      return await replyByEmail(row, actor, thread, body, stored);
    }
    return await ticketByEmail(row, actor, message, body, stored);
  } catch (error) {
    await removeStoredFiles(stored.map((f) => f.storageKey));
    if (error instanceof AppError && error.code !== "UNAVAILABLE") {
      return finish(row, "QUARANTINED", error.message);
    }
    throw error;
  } finally {
    await Promise.all(files.temp.map((p) => rm(p, { force: true })));
  }
}

type Thread = { number: number; how: string };

/**
 * The ticket a message answers, in this order (docs/email.md#threading): a Message-ID it quotes
 * (ours, or an earlier email on the ticket), our reply address it was sent to, `[#N]` in its
 * subject — and only ever a ticket the sender may see. Subject text alone never threads.
 */
async function findThread(
  actor: Actor,
  message: ParsedMessage,
  ownRowId: number,
): Promise<Thread | null> {
  const ids = referencedIds(message.inReplyTo, message.references);
  const candidates: Thread[] = [];
  if (ids.length) {
    const requestIds: string[] = [];
    const ticketIds: string[] = [];
    for (const id of ids) {
      const own = parseOwnMessageId(id);
      if (own && "requestId" in own) requestIds.push(own.requestId);
      else if (own) ticketIds.push(own.ticketId);
    }
    const db = getDb();
    const byOutbox = requestIds.length
      ? await db
          .select({ number: notifications.ticketNumber })
          .from(notifications)
          .where(inArray(notifications.requestId, requestIds))
      : [];
    const byTicket = ticketIds.length
      ? await db
          .select({ number: tickets.number })
          .from(tickets)
          .where(inArray(tickets.id, ticketIds))
      : [];
    const byInbound = await db
      .select({ number: inboundMessages.ticketNumber })
      .from(inboundMessages)
      .where(and(inArray(inboundMessages.messageId, ids), ne(inboundMessages.id, ownRowId)));
    for (const r of [...byOutbox, ...byTicket, ...byInbound])
      if (r.number != null)
        candidates.push({ number: r.number, how: "its In-Reply-To/References headers" });
  }
  for (const address of message.to) {
    const number = ticketOfReplyAddress(address);
    if (number !== null) candidates.push({ number, how: "the ticket's reply address" });
  }
  const tag = /\[#(\d{1,9})\]/.exec(message.subject ?? "");
  if (tag) candidates.push({ number: Number(tag[1]), how: `[#${tag[1]}] in the subject` });

  for (const candidate of candidates) {
    const [visible] = await getDb()
      .select({ number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.number, candidate.number), visibleTo(actor)))
      .limit(1);
    if (visible) return candidate;
  }
  return null;
}

async function ticketByEmail(
  row: InboundMessage,
  known: Actor | null,
  message: ParsedMessage,
  body: string,
  stored: StoredFile[],
): Promise<IngestOutcome> {
  const title = clip(
    message.subject?.replace(/^\s*((re|fwd?|aw|wg|sv|tr)\s*:\s*)+/i, "") || "(no subject)",
    TITLE_MAX,
  );
  let outcome: IngestOutcome | undefined;
  const create = async (actor: Actor) =>
    createTicket(
      actor,
      { title, description: bodyOf(body) },
      {
        stored,
        within: async (number) => {
          outcome = await settle(row, "CREATED", `created #${number}`, number, null);
        },
      },
    );
  if (known) await create(known);
  else {
    // A new customer and their ticket: the account is made first (with its invitation), so a
    // failure of the ticket leaves an account that the next delivery reuses.
    const customer = await customerFromEmail(message.from!, message.fromName);
    await create(toActor(customer));
  }
  return outcome!;
}

async function replyByEmail(
  row: InboundMessage,
  actor: Actor,
  thread: Thread,
  body: string,
  stored: StoredFile[],
): Promise<IngestOutcome> {
  const [ticket] = await getDb()
    .select({ status: tickets.status })
    .from(tickets)
    .where(eq(tickets.number, thread.number))
    .limit(1);
  // Reopened first: if the reply then fails, the next delivery adds it to the reopened ticket.
  if (ticket && (ticket.status === "RESOLVED" || ticket.status === "CLOSED")) {
    try {
      await updateTicket(actor, String(thread.number), { status: "OPEN" });
    } catch (error) {
      // An engineer who isn't the assignee can't reopen; the reply still joins the ticket.
      if (!(error instanceof AppError) || error.code !== "FORBIDDEN") throw error;
    }
  }
  let outcome: IngestOutcome | undefined;
  await addReply(actor, String(thread.number), { body: bodyOf(body), internal: false }, [], {
    stored,
    within: async (replyId, number) => {
      outcome = await settle(
        row,
        "THREADED",
        `threaded to #${number} by ${thread.how}`,
        number,
        replyId,
      );
    },
  });
  return outcome!;
}

async function recordBounce(row: InboundMessage, message: ParsedMessage): Promise<IngestOutcome> {
  const recipients = message.bounce!.recipients;
  if (recipients.length) {
    await writeTransaction(async () => {
      await getDb()
        .update(users)
        .set({ emailBouncedAt: new Date() })
        .where(and(inArray(users.email, recipients), isNull(users.deletedAt)));
    });
  }
  return finish(
    row,
    "IGNORED",
    `bounce (${message.bounce!.status})${recipients.length ? ` for ${recipients.join(", ")}` : ""}`,
  );
}

/** The files of a message that the portal's rules take, and a line for each one they don't. */
async function incomingFiles(message: ParsedMessage) {
  const dir = mailTempDir();
  await mkdir(dir, { recursive: true });
  const candidates: IncomingFile[] = [];
  const temp: string[] = [];
  for (const [i, a] of message.attachments.entries()) {
    const file = path.join(dir, `mail-${randomBytes(9).toString("base64url")}`);
    await writeFile(file, a.content);
    temp.push(file);
    const sniffer = createSniffer();
    sniffer.push(a.content);
    candidates.push({
      name:
        a.filename?.trim() ||
        `${a.related || a.contentDisposition === "inline" ? "inline" : "attachment"}-${i + 1}`,
      type: a.contentType,
      path: file,
      size: a.content.length,
      kind: sniffer.kind(),
    });
  }
  const kept: ReturnType<typeof checkFiles> = [];
  const left: string[] = [];
  for (const file of candidates) {
    try {
      // One at a time: a file the portal would refuse is left out, and the rest kept.
      kept.push(...checkFiles([file]));
    } catch (error) {
      left.push(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { kept, left, temp };
}

function withNotes(text: string, left: string[]) {
  if (!left.length) return text;
  return `${text}\n\n---\nNot kept from the email (the original is in the inbound log):\n${left.map((l) => `- ${l}`).join("\n")}`;
}

/** Records the message, or finds the earlier delivery of the same Message-ID. */
async function claimMessage(
  head: Awaited<ReturnType<typeof headerFacts>>,
  size: number,
  delivery: Delivery,
): Promise<{ row: InboundMessage } | { duplicate: IngestOutcome }> {
  const db = getDb();
  const [row] = await writeTransaction(
    async () =>
      await db
        .insert(inboundMessages)
        .values({
          messageId: head.messageId,
          channel: delivery.channel,
          mailboxId: delivery.mailboxId ?? null,
          fromAddress: head.from,
          subject: head.subject,
          size,
        })
        .onConflictDoNothing({ target: inboundMessages.messageId })
        .returning(),
  );
  if (row) return { row };
  const [first] = await db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, head.messageId))
    .limit(1);
  if (first?.status === "RECEIVED" && first.updatedAt.getTime() < Date.now() - ABANDONED_MS) {
    const [taken] = await writeTransaction(
      async () =>
        await db
          .update(inboundMessages)
          .set({ attempts: sql`${inboundMessages.attempts} + 1`, updatedAt: new Date() })
          .where(
            and(eq(inboundMessages.id, first.id), eq(inboundMessages.updatedAt, first.updatedAt)),
          )
          .returning(),
    );
    if (taken) return { row: taken };
  }
  return {
    duplicate: {
      id: first?.id ?? 0,
      status: "DUPLICATE",
      reason: first ? `already received (${first.status.toLowerCase()})` : "already received",
      ticketNumber: first?.ticketNumber ?? null,
    },
  };
}

async function keepRaw(id: number, raw: Buffer) {
  const dir = mailTempDir();
  await mkdir(dir, { recursive: true });
  const key = `inbound-${randomBytes(18).toString("base64url")}`;
  const temp = path.join(dir, `${key}.eml`);
  await writeFile(temp, raw);
  try {
    await fileStore().put(key, temp, { size: raw.length, contentType: "message/rfc822" });
  } finally {
    await rm(temp, { force: true });
  }
  await writeTransaction(
    async () =>
      await getDb().update(inboundMessages).set({ rawKey: key }).where(eq(inboundMessages.id, id)),
  );
  return key;
}

/** The outcome, in the caller's transaction (a ticket's or a reply's) or one of its own. */
async function settle(
  row: InboundMessage,
  status: InboundStatus,
  reason: string,
  ticketNumber: number | null,
  replyId: number | null,
): Promise<IngestOutcome> {
  await getDb()
    .update(inboundMessages)
    .set({ status, reason: clip(reason, 1000), ticketNumber, replyId, updatedAt: new Date() })
    .where(eq(inboundMessages.id, row.id));
  return { id: row.id, status, reason, ticketNumber };
}

async function finish(row: InboundMessage, status: InboundStatus, reason: string) {
  const outcome = await writeTransaction(async () => await settle(row, status, reason, null, null));
  logger.info(
    { inbound: row.id, status, reason },
    `email ${row.messageId}: ${status.toLowerCase()}`,
  );
  return outcome;
}

async function recentFrom(address: string, exceptId: number) {
  const [r] = await getDb()
    .select({ n: count() })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.fromAddress, address),
        gte(inboundMessages.receivedAt, new Date(Date.now() - 3_600_000)),
        lt(inboundMessages.id, exceptId),
      ),
    );
  return r?.n ?? 0;
}

async function userByEmail(address: string): Promise<User | undefined> {
  const [u] = await getDb()
    .select()
    .from(users)
    .where(and(eq(users.email, address.toLowerCase()), isNull(users.deletedAt)))
    .limit(1);
  return u;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A body over the portal's limit keeps its start and says where the rest is. */
function bodyOf(text: string) {
  const body = text || "(no text: see the attachments)";
  if (body.length <= BODY_MAX) return body;
  const notice = "\n\n[… cut at 10,000 characters: the whole email is in the inbound log]";
  return `${body.slice(0, BODY_MAX - notice.length)}${notice}`;
}
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10 * 1_048_576 ? 1 : 0)} MiB`;
