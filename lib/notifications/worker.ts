import { randomBytes } from "node:crypto";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { and, asc, count, eq, isNull, lte, or, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { inClaimable } from "@/db/dialect";
import { notifications, type Notification } from "@/db/schema";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics.mjs";
import { escapeForLog } from "@/lib/safe-text";
import { renderEmail, type RenderedEmail } from "./render";
import { HIDDEN_TOKEN, redactedEmail, restoreSecretLink } from "./secret-links";
import type { EmailOf } from "./templates";
import { onOutboxWrite } from "./outbox";
import { transportFromEnv, type Transport } from "./transports";
import { threadHeadersFor } from "@/lib/email/threading";
import { logLines } from "@/lib/log.mjs";

export type WorkerOptions = {
  transport?: Transport;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Messages of a round in flight at once. */
  concurrency?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** How long a claim holds before another worker may take the row (a worker that died). */
  leaseMs?: number;
  pollMs?: number;
  from?: string;
  log?: (line: string) => void;
};

const HOUR = 3_600_000;

/** Delay before retry number `attempt` (1-based): base, 2×base, 4×base… capped at an hour. */
export const backoffMs = (attempt: number, baseMs: number) =>
  Math.min(baseMs * 2 ** Math.max(0, attempt - 1), HOUR);

/**
 * Claims due rows atomically (docs/notifications.md#the-worker): one UPDATE … RETURNING sets a
 * lease and this claim's random token on up to `batchSize` rows that are PENDING, due and not held
 * by a live lease. The condition is checked again on each row as it is updated, so two workers (in
 * one process or several) never claim the same row on either engine: SQLite runs the statement
 * under its single write lock, and PostgreSQL re-reads a row another claim updated first and drops
 * it (inClaimable makes the second claim take other rows instead of waiting). A worker that dies
 * leaves a lease that runs out, and the row is sent later: nothing is lost. The claim, the renewal
 * before each send and each outcome are short write transactions of their own; the send itself
 * happens outside any.
 */
export async function claimDue(
  batchSize: number,
  leaseMs: number,
  now = Date.now(),
): Promise<Claimed[]> {
  const claimToken = randomBytes(12).toString("base64url");
  const at = new Date(now);
  const claimable = and(
    eq(notifications.status, "PENDING"),
    lte(notifications.nextAttemptAt, at),
    or(isNull(notifications.leaseUntil), lte(notifications.leaseUntil, at)),
  );
  const claimed = await writeTransaction(async () => {
    const db = getDb();
    const candidates = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(claimable)
      .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
      .limit(batchSize);
    return await db
      .update(notifications)
      .set({ leaseUntil: new Date(now + leaseMs), claimToken, updatedAt: at })
      .where(and(inClaimable(notifications.id, candidates), claimable))
      .returning();
  });
  return claimed
    .sort((x, y) => x.nextAttemptAt.getTime() - y.nextAttemptAt.getTime() || x.id - y.id)
    .map((row) => ({ row, claimToken }));
}

type Claimed = { row: Notification; claimToken: string };

/**
 * Right before a send: renews the lease and counts the attempt, only if the claim is still ours.
 * A row whose batch waited past its lease may have been taken over by another worker; then this
 * answers false and the row is left to them, so a slow batch never sends anything twice.
 */
async function startAttempt({ row, claimToken }: Claimed, leaseMs: number): Promise<number | null> {
  const [renewed] = await writeTransaction(
    async () =>
      await getDb()
        .update(notifications)
        .set({
          leaseUntil: new Date(Date.now() + leaseMs),
          attempts: sql`${notifications.attempts} + 1`,
          updatedAt: new Date(),
        })
        .where(
          and(
            eq(notifications.id, row.id),
            eq(notifications.claimToken, claimToken),
            eq(notifications.status, "PENDING"),
          ),
        )
        .returning({ attempts: notifications.attempts }),
  );
  return renewed?.attempts ?? null;
}

/** The outcome is written only while the claim is still ours, after the send (never during it). */
async function recordOutcome(
  { row, claimToken }: Claimed,
  outcome: Partial<typeof notifications.$inferInsert>,
) {
  await writeTransaction(async () => {
    await getDb()
      .update(notifications)
      .set(outcome)
      .where(and(eq(notifications.id, row.id), eq(notifications.claimToken, claimToken)));
  });
}

/**
 * The message that leaves carries the real link, restored from its sealed copy only here, in
 * memory (lib/notifications/secret-links.ts); what is stored and shown keeps the redacted one.
 */
async function withRealLink(
  email: EmailOf,
  shown: RenderedEmail,
  link: { redacted: string; real: string } | null,
): Promise<RenderedEmail> {
  if (!link) return shown;
  const marker = `token=${HIDDEN_TOKEN}`;
  const token = new URL(link.real).searchParams.get("token") ?? "";
  if (/^[\w-]+$/.test(token) && shown.text.includes(marker) && shown.html.includes(marker)) {
    const put = (s: string) => s.replaceAll(marker, `token=${token}`);
    return { subject: shown.subject, text: put(shown.text), html: put(shown.html) };
  }
  return renderEmail({ ...email, data: { ...email.data, url: link.real } } as EmailOf);
}

export class OutboxWorker {
  private readonly transport: Transport;
  private readonly opts: Required<Omit<WorkerOptions, "transport">>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;
  /** stop() was called: rounds under way hand back what they have not begun to send. */
  private halting = false;
  /** When the worker last made progress (a round began or ended, a message was handled). */
  private lastProgressAt = Date.now();

  constructor(options: WorkerOptions = {}) {
    const e = env();
    this.transport = options.transport ?? transportFromEnv();
    this.opts = {
      batchSize: options.batchSize ?? 20,
      concurrency: options.concurrency ?? 4,
      maxAttempts: options.maxAttempts ?? e.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: options.retryBaseMs ?? e.OUTBOX_RETRY_BASE_SECONDS * 1000,
      leaseMs: options.leaseMs ?? e.OUTBOX_LEASE_SECONDS * 1000,
      pollMs: options.pollMs ?? 2_000,
      from: options.from ?? e.EMAIL_FROM,
      log: options.log ?? logLines("warn"),
    };
  }

  get transportName() {
    return this.transport.name;
  }

  /** Sends everything due now, round after round; resolves with the number of rows handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runOnce();
      total += handled;
      if (handled < this.opts.batchSize || this.halting) return total;
    }
  }

  /** One round: claim a batch and send it, a few messages at a time. */
  async runOnce(): Promise<number> {
    this.lastProgressAt = Date.now();
    const claimed = await claimDue(this.opts.batchSize, this.opts.leaseMs);
    const queue = [...claimed];
    const lanes = Array.from(
      { length: Math.min(this.opts.concurrency, queue.length) },
      async () => {
        // Stopping, each lane finishes the message it is sending and takes no other.
        for (let next = queue.shift(); next && !this.halting; next = queue.shift()) {
          await this.deliver(next);
          this.lastProgressAt = Date.now();
          // Rendering is CPU work and a fast transport (log) never waits on I/O: give the event
          // loop back after each message, so a burst of thousands never starves web requests.
          await yieldToEventLoop();
        }
      },
    );
    await Promise.all(lanes);
    // What a stopping worker claimed but never began is free again at once (not after its lease).
    if (queue.length) await releaseClaims(queue);
    this.lastProgressAt = Date.now();
    return claimed.length - queue.length;
  }

  private async deliver(claim: Claimed) {
    const { row } = claim;
    const attempts = await startAttempt(claim, this.opts.leaseMs);
    if (attempts === null) return;
    try {
      const email = { template: row.template, data: JSON.parse(row.data) } as EmailOf;
      const link = restoreSecretLink(email);
      const kept = redactedEmail(email);
      const stored =
        row.htmlBody && row.textBody
          ? { subject: row.subject, text: row.textBody, html: row.htmlBody }
          : await renderEmail(kept, row.subject);
      const rendered = await withRealLink(kept, stored, link);
      await this.transport.send({
        from: this.opts.from,
        to: JSON.parse(row.recipientEmails) as string[],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: row.requestId,
        thread: await threadHeadersFor(row),
      });
      await recordOutcome(claim, {
        status: "SENT",
        sentAt: new Date(),
        leaseUntil: null,
        lastError: null,
        // Once sent, the sealed copy goes too: the row keeps only the redacted message.
        data: JSON.stringify(kept.data),
        textBody: stored.text,
        htmlBody: stored.html,
        updatedAt: new Date(),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = attempts >= this.opts.maxAttempts;
      metrics.outboxSendFailures.inc();
      await recordOutcome(claim, {
        status: failed ? "FAILED" : "PENDING",
        lastError: message.slice(0, 2000),
        leaseUntil: null,
        nextAttemptAt: new Date(Date.now() + backoffMs(attempts, this.opts.retryBaseMs)),
        updatedAt: new Date(),
      });
      this.opts.log(
        `[caseline] email ${row.requestId} ${failed ? "FAILED" : "will be retried"} after attempt ${attempts}: ${escapeForLog(message)}`,
      );
    }
  }

  /** Runs in the background: polls, and wakes at once when this process queues an email. */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    this.lastProgressAt = Date.now();
    onOutboxWrite(() => this.kick());
    this.kick();
  }

  /**
   * Stops polling; resolves once the messages being sent are sent (or failed) and their outcome
   * written. Claimed messages not yet begun are released for the next worker.
   */
  async stop() {
    this.stopped = true;
    this.halting = true;
    onOutboxWrite(undefined);
    clearTimeout(this.timer);
    await this.running;
    this.transport.close?.();
  }

  /**
   * For readiness: whether the worker runs, and how long since it last made progress. It polls
   * every couple of seconds, so a long silence means it is stuck (a send hung past its timeouts).
   */
  health(now = Date.now()) {
    return {
      running: !this.stopped,
      idleMs: now - this.lastProgressAt,
      leaseMs: this.opts.leaseMs,
    };
  }

  private kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((error: unknown) => {
        this.opts.log(`[caseline] outbox round failed: ${escapeForLog(String(error))}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.opts.pollMs);
      });
  }
}

/** Claims a stopping worker took but never began: free to claim again at once. */
async function releaseClaims(claims: Claimed[]) {
  for (const { row, claimToken } of claims) {
    await writeTransaction(async () => {
      await getDb()
        .update(notifications)
        .set({ leaseUntil: null, claimToken: null })
        .where(
          and(
            eq(notifications.id, row.id),
            eq(notifications.claimToken, claimToken),
            eq(notifications.status, "PENDING"),
          ),
        );
    });
  }
}

/** Counts for the admin screens and health. */
export async function outboxCounts() {
  return getDb()
    .select({ status: notifications.status, count: count() })
    .from(notifications)
    .groupBy(notifications.status);
}
