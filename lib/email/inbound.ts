import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { mailboxes, type Mailbox } from "@/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/log.mjs";
import { unseal } from "@/lib/notifications/secret-links";
import { describeImapUrl, MailboxReader } from "./imap-reader";
import { SmtpReceiver, type ReceiverStatus } from "./smtp-receiver";

/**
 * The ways in, as this process runs them (docs/email.md#where-it-runs): a reader per enabled IMAP
 * mailbox (INBOUND_IMAP_URL's, and those admins added) and, when INBOUND_SMTP_PORT is set, the SMTP
 * receiver. Started with the server (or `npm run worker`) when INBOUND_WORKER is on.
 */

type Running = {
  readers: Map<number, MailboxReader>;
  receiver: SmtpReceiver | undefined;
  /** Each reader's mailbox row as it started (its updatedAt): a newer row restarts it. */
  versions: Map<number, number>;
  /** Whether this process reads mailboxes (INBOUND_WORKER). */
  reading: boolean;
  refresh: NodeJS.Timeout | undefined;
};
const holder = globalThis as unknown as { __caselineInbound?: Running };

export const ENV_MAILBOX_NAME = "INBOUND_IMAP_URL";
export const MAILBOX_AAD = "caseline mailbox url v1";

/** The URL a mailbox row reads: the environment's, or its own sealed one. */
export function mailboxUrl(row: Mailbox): string | null {
  if (row.kind === "env") return env().INBOUND_IMAP_URL ?? null;
  return row.sealedUrl ? unseal(row.sealedUrl, MAILBOX_AAD) : null;
}

/** INBOUND_IMAP_URL has a mailbox row of its own (for its lease, log and status); its URL is never stored. */
async function ensureEnvMailbox() {
  const url = env().INBOUND_IMAP_URL;
  await writeTransaction(async () => {
    const db = getDb();
    if (url) {
      await db
        .insert(mailboxes)
        .values({ name: ENV_MAILBOX_NAME, kind: "env" })
        .onConflictDoNothing({ target: mailboxes.name });
      await db
        .update(mailboxes)
        .set({ enabled: true })
        .where(and(eq(mailboxes.name, ENV_MAILBOX_NAME), eq(mailboxes.kind, "env")));
    } else {
      await db
        .update(mailboxes)
        .set({ enabled: false })
        .where(and(eq(mailboxes.name, ENV_MAILBOX_NAME), eq(mailboxes.kind, "env")));
    }
  });
}

export async function startInbound({ readers = true } = {}): Promise<Running> {
  if (holder.__caselineInbound) return holder.__caselineInbound;
  const running: Running = {
    readers: new Map(),
    versions: new Map(),
    receiver: undefined,
    reading: readers,
    refresh: undefined,
  };
  holder.__caselineInbound = running;
  await ensureEnvMailbox();
  if (readers) {
    await refreshReaders();
    running.refresh = setInterval(() => {
      refreshReaders().catch((error: unknown) =>
        logger.warn({ error: String(error) }, "mailbox list could not be read"),
      );
    }, env().INBOUND_IMAP_POLL_SECONDS * 1000);
    running.refresh.unref();
  }
  if (env().INBOUND_SMTP_PORT) {
    const receiver = new SmtpReceiver();
    await receiver.start();
    running.receiver = receiver;
    logger.info(
      { host: receiver.status.host, port: receiver.status.port },
      `inbound SMTP receiver listening on ${receiver.status.host}:${receiver.status.port}`,
    );
  }
  return running;
}

/**
 * Starts readers for enabled mailboxes, stops those of removed or disabled ones and starts afresh
 * those an admin changed (a reader keeps the address and folder it started with). Run after an
 * admin's change in this instance, and every poll interval, so that the other instances follow.
 */
export async function refreshReaders() {
  const running = holder.__caselineInbound;
  if (!running?.reading) return;
  const rows = await getDb().select().from(mailboxes);
  const wanted = new Map<number, { row: Mailbox; url: string }>();
  for (const row of rows) {
    if (!row.enabled) continue;
    try {
      const url = mailboxUrl(row);
      if (url) wanted.set(row.id, { row, url });
    } catch (error) {
      logger.warn({ mailbox: row.id, error: String(error) }, "mailbox URL can't be opened");
    }
  }
  for (const [id, reader] of running.readers) {
    const want = wanted.get(id);
    if (!want || want.row.updatedAt.getTime() !== running.versions.get(id)) {
      running.readers.delete(id);
      await reader.stop();
    }
  }
  for (const [id, { row, url }] of wanted) {
    if (running.readers.has(id)) continue;
    const reader = new MailboxReader(
      { id, url, moveTo: row.moveTo },
      env().INBOUND_IMAP_POLL_SECONDS * 1000,
    );
    running.readers.set(id, reader);
    running.versions.set(id, row.updatedAt.getTime());
    reader.start();
    logger.info({ mailbox: id }, `reading mailbox ${describeImapUrl(url)}`);
  }
}

export async function stopInbound() {
  const running = holder.__caselineInbound;
  holder.__caselineInbound = undefined;
  if (!running) return;
  clearInterval(running.refresh);
  await running.receiver?.stop();
  await Promise.all([...running.readers.values()].map((r) => r.stop()));
}

/** What the admin screen shows of this process's ways in. */
export function inboundStatusOfThisProcess(): {
  smtp: ReceiverStatus | null;
  readers: { mailboxId: number; lastError: string | null; lastRoundAt: string | null }[];
} {
  const running = holder.__caselineInbound;
  return {
    smtp: running?.receiver ? { ...running.receiver.status } : null,
    readers: [...(running?.readers ?? new Map<number, MailboxReader>())].map(([id, r]) => ({
      mailboxId: id,
      lastError: r.lastError,
      lastRoundAt: r.lastRound?.at.toISOString() ?? null,
    })),
  };
}
