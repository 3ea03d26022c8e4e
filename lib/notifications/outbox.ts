import { randomBytes } from "node:crypto";
import { afterCommit, getDb } from "@/db/client";
import { notifications, type Notification } from "@/db/schema";
import { sealSecretLink } from "./secret-links";
import { subjectFor, type EmailOf, type TemplateName } from "./templates";

export type OutboxEntry<T extends TemplateName = TemplateName> = EmailOf<T> & {
  to: string[];
  /** A userId, "system" or "service". */
  requester: string;
  ticketNumber?: number | null;
  /** Only for "custom": the subject as given. */
  subject?: string;
};

export const newRequestId = () => `nr_${randomBytes(12).toString("base64url")}`;

type Wake = () => void;
const wakers = globalThis as unknown as { __caselineOutboxWake?: Wake };

/** The in-process worker registers here, so a new row is sent at once instead of at its next poll. */
export function onOutboxWrite(wake: Wake | undefined) {
  wakers.__caselineOutboxWake = wake;
}

/**
 * Queues one email (docs/notifications.md#the-outbox). Call it inside the transaction of the change that causes it: the
 * row commits or rolls back with the change, so an email is never lost nor sent for nothing.
 * A single-use link is stored sealed and shown redacted (./secret-links.ts).
 */
export async function enqueueEmail<T extends TemplateName>(
  entry: OutboxEntry<T>,
): Promise<Notification> {
  const [row] = await getDb().insert(notifications).values(outboxRow(entry)).returning();
  wakeOutbox();
  return row;
}

function outboxRow(entry: OutboxEntry) {
  return {
    requestId: newRequestId(),
    template: entry.template,
    data: JSON.stringify(sealSecretLink(entry)),
    subject: subjectFor(entry, entry.subject),
    recipientEmails: JSON.stringify(entry.to),
    requester: entry.requester,
    ticketNumber: entry.ticketNumber ?? null,
  };
}

/**
 * Tells this process's worker there is work, once the current transaction has committed (so
 * the worker, on another connection, can see the row).
 */
export function wakeOutbox() {
  afterCommit(() => {
    const wake = wakers.__caselineOutboxWake;
    if (wake) setImmediate(wake);
  });
}

/**
 * One row per address, so no recipient sees who else was told, written in one statement (a ticket
 * change emails several people). Duplicates are dropped.
 */
export async function enqueueEach<T extends TemplateName>(
  recipients: Iterable<string>,
  entry: (email: string) => Omit<OutboxEntry<T>, "to">,
) {
  const rows = [...new Set(recipients)].map((email) =>
    outboxRow({ ...entry(email), to: [email] } as OutboxEntry),
  );
  if (rows.length === 0) return;
  await getDb().insert(notifications).values(rows);
  wakeOutbox();
}
