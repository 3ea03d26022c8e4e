import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * The addresses and Message-IDs that let replies find their ticket (docs/email.md#threading):
 * every email Caseline sends about a ticket has a Message-ID of its own (from its outbox row),
 * points at the ticket's thread with In-Reply-To and References, and gives a reply address that
 * names the ticket with a signature only this server can make.
 */

/** The domain Caseline's Message-IDs use: SUPPORT_EMAIL's, else EMAIL_FROM's, else APP_URL's host. */
export function mailDomain(): string {
  const e = env();
  const from = addressOf(e.EMAIL_FROM);
  const address = e.SUPPORT_EMAIL ?? from;
  const domain = address?.split("@")[1];
  return domain || new URL(e.APP_URL).hostname || "caseline.local";
}

/** The bare address in `Name <a@b>` or `a@b`, lower-case; null if there is none. */
export function addressOf(value: string): string | null {
  const inAngles = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  const bare = inAngles ?? /[^\s<>"]+@[^\s<>"]+/.exec(value)?.[0];
  return bare ? bare.toLowerCase() : null;
}

/** `<id>` for a header; ids are stored without their angle brackets. */
export const bracketed = (id: string) => `<${id}>`;

/** Each outbox row's own Message-ID: its request id at our domain (the same on every attempt). */
export const outboundMessageId = (requestId: string) => `${requestId}@${mailDomain()}`;

/** The thread root of a ticket raised in the portal (one raised by email threads on the customer's message). */
export const ticketThreadId = (publicId: string) => `caseline-${publicId}@${mailDomain()}`;

/** What a Message-ID that Caseline made names, from its local part; null for anyone else's. */
export function parseOwnMessageId(id: string): { requestId: string } | { ticketId: string } | null {
  const local = id.split("@")[0] ?? "";
  if (/^nr_[\w-]+$/.test(local)) return { requestId: local };
  const ticket = /^caseline-(t[\w-]+)$/.exec(local);
  if (ticket) return { ticketId: ticket[1] };
  return null;
}

/** The ids in In-Reply-To and References, newest first, without brackets, at most 50. */
export function referencedIds(
  inReplyTo: string | undefined,
  references: string | string[] | undefined,
) {
  const all = [...(inReplyTo ? [inReplyTo] : []), ...[references ?? []].flat().reverse()].flatMap(
    (v) => v.match(/<[^<>\s]+>/g) ?? (v.trim() ? [`<${v.trim()}>`] : []),
  );
  return [...new Set(all.map((v) => v.slice(1, -1)))].slice(0, 50);
}

function signature(ticketNumber: number) {
  return createHmac("sha256", env().AUTH_SECRET)
    .update(`reply-address:${ticketNumber}`)
    .digest("hex")
    .slice(0, 12);
}

/**
 * The reply address of a ticket: SUPPORT_EMAIL with `+t<number>-<signature>` (an HMAC of the
 * number under AUTH_SECRET), so it can't be made up for another ticket. Null without SUPPORT_EMAIL.
 */
export function replyAddress(ticketNumber: number): string | null {
  const support = env().SUPPORT_EMAIL;
  if (!support) return null;
  const [local, domain] = support.toLowerCase().split("@");
  return `${local}+t${ticketNumber}-${signature(ticketNumber)}@${domain}`;
}

/** The ticket a reply address names, if its signature is right; null otherwise. */
export function ticketOfReplyAddress(address: string): number | null {
  const support = env().SUPPORT_EMAIL?.toLowerCase();
  if (!support) return null;
  const [local, domain] = support.split("@");
  const match = /^([^+@]+)\+t(\d{1,10})-([0-9a-f]{12})@(.+)$/.exec(address.toLowerCase());
  if (!match || match[1] !== local || match[4] !== domain) return null;
  const number = Number(match[2]);
  const expected = Buffer.from(signature(number));
  const given = Buffer.from(match[3]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? number : null;
}

/** Is this one of Caseline's own sending or receiving addresses (plus-addresses included)? */
export function isOwnAddress(address: string): boolean {
  const e = env();
  const own = [e.SUPPORT_EMAIL, addressOf(e.EMAIL_FROM)]
    .filter((a): a is string => !!a)
    .map((a) => a.toLowerCase());
  const plain = address.toLowerCase().replace(/\+[^@]*@/, "@");
  return own.some((a) => a === address.toLowerCase() || a === plain);
}

/** The address SMTP accepts mail for: SUPPORT_EMAIL or one of its plus-addresses. */
export function isSupportAddress(address: string): boolean {
  const support = env().SUPPORT_EMAIL?.toLowerCase();
  if (!support) return false;
  return address.toLowerCase().replace(/\+[^@]*@/, "@") === support;
}
