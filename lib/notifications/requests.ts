import { and, count, desc, eq, lt, type SQL } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { notifications, tickets, type Notification } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict, invalid, notFound } from "@/lib/errors";
import { decodeCursor, toPage } from "@/lib/pagination";
import { ticketRefWhere } from "@/lib/tickets/visibility";
import type {
  CreateNotificationInput,
  ListNotificationsQuery,
} from "@/lib/validation/notifications";
import { enqueueEmail, wakeOutbox } from "./outbox";
import { renderEmail, type RenderedEmail } from "./render";
import { redactedEmail } from "./secret-links";
import type { EmailOf } from "./templates";

/** Who may use the notification API: an admin, or a service holding the configured token. */
export type NotificationCaller = { actor: Actor } | { service: true };

function assertCaller(caller: NotificationCaller) {
  if ("actor" in caller) requireRole(caller.actor, "ADMIN");
}

export type NotificationStatusView = {
  requestId: string;
  status: Notification["status"];
  subject: string;
  recipientEmails: string[];
  requester: string;
  template: string;
  ticketNumber: number | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
};

export function toStatusView(row: Notification): NotificationStatusView {
  return {
    requestId: row.requestId,
    status: row.status,
    subject: row.subject,
    recipientEmails: JSON.parse(row.recipientEmails) as string[],
    requester: row.requester,
    template: row.template,
    ticketNumber: row.ticketNumber,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.status === "PENDING" ? row.nextAttemptAt.toISOString() : null,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** POST /notifications: queued at once (202); the worker sends it. */
export async function createNotificationRequest(
  caller: NotificationCaller,
  input: CreateNotificationInput,
) {
  assertCaller(caller);
  let ticketNumber: number | null = null;
  if (input.ticketId !== undefined) {
    const [ticket] = await getDb()
      .select({ number: tickets.number })
      .from(tickets)
      .where(ticketRefWhere(String(input.ticketId)))
      .limit(1);
    if (!ticket) throw invalid("No such ticket", { ticketId: ["No ticket has this id or number"] });
    ticketNumber = ticket.number;
  }
  const content = typeof input.content === "string" ? { text: input.content } : input.content;
  const row = await writeTransaction(() =>
    enqueueEmail({
      template: "custom",
      data: content,
      subject: input.subject,
      to: input.recipientEmails,
      requester: input.requester,
      ticketNumber,
    }),
  );
  return { requestId: row.requestId, status: row.status };
}

async function findRequest(requestId: string) {
  const [row] = await getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.requestId, requestId))
    .limit(1);
  if (!row) throw notFound("No such notification request");
  return row;
}

/** GET /notifications/:requestId */
export async function getNotificationRequest(caller: NotificationCaller, requestId: string) {
  assertCaller(caller);
  return toStatusView(await findRequest(requestId));
}

/** The admin outbox: newest first, by status and ticket. */
export async function listNotifications(actor: Actor, query: ListNotificationsQuery) {
  requireRole(actor, "ADMIN");
  // A row id fits a 32-bit integer column: a forged cursor past it is a 400, not a PostgreSQL error.
  const after = decodeCursor(
    query.cursor,
    (v): v is number => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31,
  );
  const where: (SQL | undefined)[] = [
    query.status ? eq(notifications.status, query.status) : undefined,
    query.ticket ? eq(notifications.ticketNumber, query.ticket) : undefined,
    after !== undefined ? lt(notifications.id, after) : undefined,
  ];
  const rows = await getDb()
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, toStatusView, (r) => r.id);
}

/**
 * The message as it leaves (or left): stored once sent, rendered now while still pending. A
 * single-use link shows redacted, whatever the status: no admin ever reads a usable one.
 */
export async function previewNotification(actor: Actor, requestId: string) {
  requireRole(actor, "ADMIN");
  const row = await findRequest(requestId);
  const rendered: RenderedEmail =
    row.htmlBody && row.textBody
      ? { subject: row.subject, text: row.textBody, html: row.htmlBody }
      : await renderEmail(
          redactedEmail({ template: row.template, data: JSON.parse(row.data) } as EmailOf),
          row.subject,
        );
  return { ...toStatusView(row), ...rendered };
}

/** An admin sends a FAILED message again: a fresh set of attempts, due now. */
export async function retryNotification(actor: Actor, requestId: string) {
  requireRole(actor, "ADMIN");
  const row = await findRequest(requestId);
  if (row.status !== "FAILED") {
    throw conflict(
      row.status === "SENT"
        ? "This message was sent already"
        : "This message is waiting to be sent",
    );
  }
  const [updated] = await writeTransaction(
    async () =>
      await getDb()
        .update(notifications)
        .set({
          status: "PENDING",
          attempts: 0,
          nextAttemptAt: new Date(),
          leaseUntil: null,
          updatedAt: new Date(),
        })
        .where(and(eq(notifications.id, row.id), eq(notifications.status, "FAILED")))
        .returning(),
  );
  if (!updated) throw conflict("Someone retried this message already");
  wakeOutbox();
  return toStatusView(updated);
}

/** The nav badge: emails that gave up and wait for an admin. */
export async function failedEmailCount(actor: Actor): Promise<number> {
  if (actor.userType !== "ADMIN") return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(notifications)
    .where(eq(notifications.status, "FAILED"));
  return row?.n ?? 0;
}
