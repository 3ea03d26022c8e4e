import { createTransport } from "nodemailer";
import type { ThreadHeaders } from "@/lib/email/threading";
import { Resend } from "resend";
import { env } from "@/lib/env";
import { escapeForLog, singleLine } from "@/lib/safe-text";
import { logLines } from "@/lib/log.mjs";

export type OutgoingEmail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The outbox row's request id: the same on every attempt, so a provider can drop a repeat. */
  messageId?: string;
  /** Message-ID, In-Reply-To, References, Reply-To and loop guards (lib/email/threading.ts). */
  thread?: ThreadHeaders;
};

export type Transport = {
  name: string;
  /** Resolves once the message is accepted; throws with the reason otherwise. */
  send(email: OutgoingEmail): Promise<void>;
  close?(): void;
};

/**
 * Header values leave on one line whatever reached the transport (an old outbox row, a caller
 * that skipped subjectFor): a line break in a subject must not become a header of its own.
 */
export function withSingleLineHeaders(email: OutgoingEmail): OutgoingEmail {
  return {
    ...email,
    from: singleLine(email.from),
    to: email.to.map(singleLine),
    subject: singleLine(email.subject),
  };
}

/**
 * Offline default: the message goes to the server log and counts as sent. Header values are
 * printed with their control characters escaped; the text part is indented line by line, each
 * line escaped too, so nothing in a message can pass for a line of its own in the log.
 */
export function logTransport(write: (line: string) => void = logLines("info")): Transport {
  return {
    name: "log",
    async send(email) {
      const to = email.to.map(escapeForLog).join(", ");
      const body = email.text
        .split(/\r?\n/)
        .map((l) => `    ${escapeForLog(l)}`)
        .join("\n");
      write(`[caseline] email to ${to}: ${escapeForLog(email.subject)}\n${body}`);
    },
  };
}

/** Any SMTP server, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465. */
export function smtpTransport(url: string): Transport {
  // Pooled: a busy outbox reuses a few connections instead of opening one per message. Timeouts
  // stay well inside the worker's lease, so a hung server can't make two workers send one message.
  const mailer = createTransport({
    url,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 45_000,
  });
  return {
    name: "smtp",
    async send(email) {
      const { messageId: _unused, thread, ...message } = withSingleLineHeaders(email);
      await mailer.sendMail({
        ...message,
        ...(thread
          ? {
              messageId: thread.messageId,
              inReplyTo: thread.inReplyTo,
              references: thread.references,
              replyTo: thread.replyTo,
              headers: thread.extra,
            }
          : {}),
      });
    },
    close: () => mailer.close(),
  };
}

/**
 * How long one send may take before it is abandoned (and retried later): half the worker's lease,
 * so a hung call ends well before another worker may take the message over.
 */
export function sendTimeoutMs(leaseSeconds: number) {
  return Math.min(60_000, Math.floor((leaseSeconds * 1000) / 2));
}

export function resendTransport(
  apiKey: string,
  options: { timeoutMs?: number; baseUrl?: string } = {},
): Transport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Constructed lazily: `new Resend()` throws without a key.
  let client: Resend | undefined;
  return {
    name: "resend",
    async send(email) {
      client ??= new Resend(apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
      const signal = AbortSignal.timeout(timeoutMs);
      // The signal aborts the request; the race makes sure the send ends even if something
      // below ignores it.
      const abandoned = new Promise<never>((_, reject) =>
        signal.addEventListener(
          "abort",
          () => reject(new Error(`Resend did not answer within ${timeoutMs / 1000} s`)),
          { once: true },
        ),
      );
      const { messageId, thread, ...message } = withSingleLineHeaders(email);
      const headers: Record<string, string> = { ...thread?.extra };
      if (thread?.inReplyTo) headers["In-Reply-To"] = thread.inReplyTo;
      if (thread?.references) headers.References = thread.references.join(" ");
      const { error } = await Promise.race([
        client.emails.send(
          {
            ...message,
            ...(thread?.replyTo ? { replyTo: thread.replyTo } : {}),
            ...(thread ? { headers } : {}),
          },
          {
            signal,
            // Resend keeps the key for a day: a retry after an abandoned call that did get through
            // is not sent twice.
            ...(messageId ? { idempotencyKey: messageId } : {}),
          },
        ),
        abandoned,
      ]);
      if (signal.aborted) throw new Error(`Resend did not answer within ${timeoutMs / 1000} s`);
      if (error) throw new Error(`Resend: ${error.message}`);
    },
  };
}

export function transportFromEnv(): Transport {
  const e = env();
  if (e.EMAIL_TRANSPORT === "smtp") return smtpTransport(e.SMTP_URL!);
  if (e.EMAIL_TRANSPORT === "resend")
    return resendTransport(e.RESEND_API_KEY!, {
      timeoutMs: sendTimeoutMs(e.OUTBOX_LEASE_SECONDS),
    });
  return logTransport();
}
