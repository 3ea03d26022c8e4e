import { createHash } from "node:crypto";
import EmailReplyParser from "email-reply-parser";
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from "mailparser";
import { sanitizeHtml } from "@/lib/rich-text/sanitize";

/**
 * Reading one raw message (RFC 5322, as fetched by IMAP or received by SMTP) into what the
 * ingestion needs (docs/email.md#what-is-taken-from-a-message): who sent it, what it answers,
 * whether a machine sent it, its visible text without the quoted history, its files.
 */

export type HeaderFacts = {
  /** Without brackets; `sha256:<hex>` of the whole message when it has none. */
  messageId: string;
  from: string | null;
  fromName: string | null;
  subject: string | null;
};

export type ParsedMessage = HeaderFacts & {
  to: string[];
  inReplyTo: string | undefined;
  references: string | string[] | undefined;
  /** Why a machine sent it (auto-reply, list mail), or null for a person's message. */
  automatic: string | null;
  bounce: { recipients: string[]; status: string } | null;
  /** The text the sender wrote: quoted history and signature removed. */
  text: string;
  /** The HTML part, sanitized (shown to admins in the inbound log), or null. */
  safeHtml: string | null;
  attachments: Attachment[];
};

const BEFORE_BODY = /\r?\n\r?\n/;

/** The header block alone: cheap, for a message too large to read whole. */
export async function headerFacts(raw: Buffer): Promise<HeaderFacts> {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString("latin1");
  const end = head.search(BEFORE_BODY);
  const block = end >= 0 ? head.slice(0, end) : head;
  return facts(await simpleParser(Buffer.from(`${block}\r\n\r\n`, "latin1")), raw);
}

function facts(mail: ParsedMail, raw: Buffer): HeaderFacts {
  const sender = firstAddress(mail.from);
  const id = mail.messageId?.trim().replace(/^<|>$/g, "");
  return {
    messageId:
      id && id.length <= 900 && !/\s/.test(id)
        ? id
        : `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    from: sender?.address ?? null,
    fromName: sender?.name || null,
    subject: mail.subject?.trim().slice(0, 500) || null,
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined) {
  return [value ?? []]
    .flat()
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => !!a.address && a.address.includes("@"))
    .map((a) => ({ address: a.address!.toLowerCase(), name: a.name?.trim() ?? "" }));
}
const firstAddress = (value: AddressObject | AddressObject[] | undefined) => addresses(value)[0];

export class MalformedMessageError extends Error {}

/** Parses a whole message; throws MalformedMessageError when it can't be read as mail. */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  if (
    raw.subarray(0, 8192).toString("latin1").search(BEFORE_BODY) < 0 &&
    !/^[\w-]+:/.test(raw.toString("latin1", 0, 80))
  )
    throw new MalformedMessageError("no header section (not an email message)");
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextLinks: true,
      skipTextToHtml: true,
    });
  } catch (error) {
    throw new MalformedMessageError(
      `unreadable MIME: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const head = facts(mail, raw);
  if (!head.from) throw new MalformedMessageError("no sender address in From");
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === "string" ? v : v === undefined ? undefined : JSON.stringify(v);
  };
  // mailparser makes the text of an HTML-only message itself (html-to-text).
  const bodyText = mail.text ?? "";
  return {
    ...head,
    to: [
      ...addresses(mail.to),
      ...addresses(mail.cc),
      ...["delivered-to", "x-original-to", "envelope-to"].flatMap((h) =>
        (header(h) ?? "")
          .split(/[,\s]+/)
          .filter((a) => a.includes("@"))
          .map((a) => ({ address: a.replace(/^<|>$/g, "").toLowerCase(), name: "" })),
      ),
    ].map((a) => a.address),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    automatic: automaticReason(header),
    bounce: bounceOf(mail, head.from),
    text: visibleText(bodyText),
    safeHtml: mail.html ? sanitizeHtml(mail.html) : null,
    attachments: mail.attachments.filter((a) => !isReportPart(a)),
  };
}

/** RFC 3834 and the headers mail systems really send on auto-replies and list mail. */
function automaticReason(header: (name: string) => string | undefined): string | null {
  const submitted = header("auto-submitted")?.trim().toLowerCase();
  if (submitted && submitted !== "no") return `Auto-Submitted: ${submitted}`;
  const precedence = header("precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence))
    return `Precedence: ${precedence}`;
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponder"])
    if (header(name) !== undefined)
      return `${name.replace(/(^|-)x/, "$1X").replace(/-(\w)/g, (m) => m.toUpperCase())} header`;
  const suppress = header("x-auto-response-suppress")?.toLowerCase() ?? "";
  if (/\b(all|oof|autoreply)\b/.test(suppress) && header("x-ms-exchange-generated-message-source"))
    return "an Exchange auto-reply";
  if (header("x-caseline-loop") !== undefined) return "sent by Caseline";
  return null;
}

const isReportPart = (a: Attachment) =>
  /^message\/(delivery-status|disposition-notification)$/i.test(a.contentType) ||
  /^text\/rfc822-headers$/i.test(a.contentType);

/** A delivery status notification (RFC 3464), or a classic mailer-daemon bounce. */
function bounceOf(mail: ParsedMail, from: string): ParsedMessage["bounce"] {
  const contentType = mail.headers.get("content-type") as
    { value?: string; params?: Record<string, string> } | undefined;
  const isReport =
    contentType?.value?.toLowerCase() === "multipart/report" &&
    contentType.params?.["report-type"]?.toLowerCase() === "delivery-status";
  const daemon = /^(mailer-daemon|postmaster)@/i.test(from);
  if (!isReport && !daemon) return null;
  const status = mail.attachments.find((a) => /^message\/delivery-status$/i.test(a.contentType));
  // mailparser shows a delivery-status part as text of the message.
  const report = status?.content.toString("utf8") ?? mail.text ?? "";
  const recipients = [
    ...report.matchAll(/^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s>]+@[^\s>]+)>?/gim),
  ].map((m) => m[1].toLowerCase());
  const code = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(report)?.[1];
  if (
    !isReport &&
    !/undeliver|failure|returned|delivery status|not delivered/i.test(mail.subject ?? "")
  )
    return null;
  return { recipients: [...new Set(recipients)], status: code ?? "unknown" };
}

/** What the sender wrote above the quoted history and signature (email-reply-parser). */
export function visibleText(text: string): string {
  const normalized = text.replace(/\r\n?/g, "\n").replace(/\u0000/g, "");
  let visible: string;
  try {
    visible = new EmailReplyParser().read(normalized).getVisibleText();
  } catch {
    visible = normalized;
  }
  visible = visible.replace(/\n{3,}/g, "\n\n").trim();
  // A message that is all quote (a bare forward) keeps its text rather than losing it.
  return visible || normalized.trim();
}
