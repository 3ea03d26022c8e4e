import { randomBytes } from "node:crypto";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { ImapFlow } from "imapflow";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { mailboxes } from "@/db/schema";
import { logger } from "@/lib/log.mjs";
import { ingestEmail } from "./ingest";

/**
 * Reads one IMAP mailbox (docs/email.md#mailboxes): takes every unseen message, hands it to the
 * ingestion, then marks it seen (or moves it to `moveTo`); IDLE wakes it when mail arrives, and it
 * checks again every poll interval anyway. One instance at a time reads a mailbox: the reader
 * holds the mailbox row's lease while it works, as outbox workers hold their rows. A message that
 * can't be handled is quarantined by the ingestion and marked like any other; a message the
 * ingestion could not record (the database is down) is left unseen for the next round.
 */

export type MailboxTarget = {
  id: number;
  url: string;
  moveTo: string | null;
};

export type ImapConnection = {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  path: string;
};

/** imap://user:password@host:143/INBOX or imaps://…:993/Folder → connection settings. */
export function parseImapUrl(url: string): ImapConnection {
  const u = new URL(url);
  const secure = u.protocol === "imaps:";
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    path: decodeURIComponent(u.pathname.replace(/^\//, "")) || "INBOX",
  };
}

/** Without secrets, for logs and screens: imaps://user@host:993/INBOX. */
export function describeImapUrl(url: string) {
  const c = parseImapUrl(url);
  return `${c.secure ? "imaps" : "imap"}://${c.user}@${c.host}:${c.port}/${c.path}`;
}

function client(c: ImapConnection) {
  return new ImapFlow({
    host: c.host,
    port: c.port,
    secure: c.secure,
    auth: { user: c.user, pass: c.password },
    logger: false,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    // The reader IDLEs itself between rounds.
    disableAutoIdle: true,
  });
}

/** "Test connection": logs in, opens the folder, says how many messages wait. */
export async function testImapConnection(
  url: string,
): Promise<{ ok: true; unseen: number; total: number } | { ok: false; error: string }> {
  const c = parseImapUrl(url);
  const imap = client(c);
  try {
    await imap.connect();
    const box = await imap.mailboxOpen(c.path, { readOnly: true });
    const unseen = (await imap.search({ seen: false }, { uid: true })) || [];
    await imap.logout();
    return { ok: true, unseen: unseen.length, total: box.exists };
  } catch (error) {
    imap.close();
    return { ok: false, error: imapError(error) };
  }
}

export function imapError(error: unknown): string {
  const e = error as { responseText?: string; message?: string; code?: string };
  return (e.responseText || e.message || e.code || String(error)).slice(0, 500);
}

const LEASE_MS = 120_000;

export type RoundResult = { taken: number; left: number };

export class MailboxReader {
  private stopped = true;
  private imap: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly token = randomBytes(12).toString("base64url");
  /** The last round's figures and error, for the admin screen and tests. */
  lastRound: (RoundResult & { at: Date }) | undefined;
  lastError: string | null = null;

  constructor(
    private readonly target: MailboxTarget,
    private readonly pollMs: number,
  ) {}

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    this.imap?.close();
    await this.loop;
    await this.release().catch(() => undefined);
  }

  private async run() {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (await this.claim()) {
          await this.session();
          failures = 0;
        } else await this.sleep(this.pollMs);
      } catch (error) {
        failures += 1;
        this.lastError = imapError(error);
        await this.recordError(this.lastError);
        logger.warn({ mailbox: this.target.id, error: this.lastError }, "mailbox read failed");
        this.imap?.close();
        this.imap = undefined;
        // Backs off: 2 s, 4 s … up to the poll interval.
        await this.sleep(Math.min(this.pollMs, 1000 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /** One connection: rounds until stopped or the lease is lost, waiting in IDLE between them. */
  private async session() {
    const c = parseImapUrl(this.target.url);
    const imap = client(c);
    this.imap = imap;
    imap.on("error", () => undefined);
    await imap.connect();
    await imap.mailboxOpen(c.path);
    let arrived = false;
    imap.on("exists", () => {
      arrived = true;
      this.wake?.();
    });
    while (!this.stopped && imap.usable) {
      await this.round(imap);
      if (!(await this.claim())) break;
      arrived = false;
      // IDLE until mail arrives, the poll interval passes or the reader stops.
      const idle = imap.idle().catch(() => undefined);
      await this.sleep(this.pollMs, () => arrived);
      if (imap.usable) await imap.noop().catch(() => undefined);
      await idle;
    }
    if (imap.usable) await imap.logout().catch(() => imap.close());
    this.imap = undefined;
  }

  /** Takes what is unseen, oldest first. Exposed for tests (one round, then look). */
  async round(imap: ImapFlow): Promise<RoundResult> {
    const uids = ((await imap.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
    let taken = 0;
    for (const uid of uids) {
      if (this.stopped) break;
      const message = await imap.fetchOne(String(uid), { source: true }, { uid: true });
      if (!message || !message.source) continue;
      await ingestEmail(message.source, { channel: "imap", mailboxId: this.target.id });
      if (this.target.moveTo)
        await imap.messageMove(String(uid), this.target.moveTo, { uid: true });
      else await imap.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      taken += 1;
      // A mailbox of thousands never starves the web requests of this process.
      await yieldToEventLoop();
      if (taken % 50 === 0 && !(await this.claim())) break;
    }
    this.lastRound = { taken, left: uids.length - taken, at: new Date() };
    this.lastError = null;
    await writeTransaction(
      async () =>
        await getDb()
          .update(mailboxes)
          .set({ lastCheckedAt: new Date(), lastError: null })
          .where(eq(mailboxes.id, this.target.id)),
    );
    return this.lastRound;
  }

  /** Takes or renews the mailbox's lease; false when another instance holds it. */
  private async claim(): Promise<boolean> {
    const now = new Date();
    const [row] = await writeTransaction(
      async () =>
        await getDb()
          .update(mailboxes)
          .set({ leaseUntil: new Date(now.getTime() + LEASE_MS), claimToken: this.token })
          .where(
            and(
              eq(mailboxes.id, this.target.id),
              eq(mailboxes.enabled, true),
              or(
                isNull(mailboxes.leaseUntil),
                lte(mailboxes.leaseUntil, now),
                eq(mailboxes.claimToken, this.token),
              ),
            ),
          )
          .returning({ id: mailboxes.id }),
    );
    return !!row;
  }

  private async release() {
    await writeTransaction(
      async () =>
        await getDb()
          .update(mailboxes)
          .set({ leaseUntil: null, claimToken: null })
          .where(and(eq(mailboxes.id, this.target.id), eq(mailboxes.claimToken, this.token))),
    );
  }

  private async recordError(message: string) {
    await writeTransaction(
      async () =>
        await getDb()
          .update(mailboxes)
          .set({ lastError: message, lastCheckedAt: new Date() })
          .where(eq(mailboxes.id, this.target.id)),
    ).catch(() => undefined);
  }

  private sleep(ms: number, done: () => boolean = () => false) {
    return new Promise<void>((resolve) => {
      if (this.stopped || done()) return resolve();
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = finish;
    });
  }
}
