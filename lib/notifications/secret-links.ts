import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import type { EmailOf } from "./templates";

/**
 * What the outbox keeps of a single-use link (verification, password reset, invitation).
 *
 * A queued or failed email must never hold a usable link: any admin reads the outbox, and a reset
 * link to another admin's address is that admin's account. So a row stores:
 * - `data.url`: the link with its token replaced by HIDDEN_TOKEN — what every admin view (the
 *   outbox page, its preview, the API) renders and what the stored text/HTML parts keep;
 * - `data.sealedUrl`: the real link, encrypted with AES-256-GCM under a key derived (HKDF-SHA256)
 *   from AUTH_SECRET, with the template name as associated data. Only the worker opens it, in
 *   memory, to send; once sent, the sealed copy is dropped and only the redacted form remains.
 * A copy of the database (or an admin) thus holds nothing that opens an account without the
 * server's secret. If AUTH_SECRET changes while a link is queued, the link can no longer be
 * restored: that send fails with a clear error and the user asks for a new link.
 */
export const SECRET_LINK_TEMPLATES: ReadonlySet<string> = new Set([
  "verify-email",
  "password-reset",
  "invitation",
]);

/** Stands in for the token wherever a stored link is shown. Spending it fails like any bad link. */
export const HIDDEN_TOKEN = "link-hidden";

type LinkData = { url?: string; sealedUrl?: string };

const keys = globalThis as unknown as { __caselineLinkKey?: { secret: string; key: Buffer } };

function linkKey(): Buffer {
  const secret = env().AUTH_SECRET;
  if (keys.__caselineLinkKey?.secret !== secret) {
    const key = Buffer.from(hkdfSync("sha256", secret, "", "caseline outbox link v1", 32));
    keys.__caselineLinkKey = { secret, key };
  }
  return keys.__caselineLinkKey.key;
}

/** AES-256-GCM under a key derived from AUTH_SECRET, `aad` binding it to its use (also mailbox passwords). */
export function seal(plain: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", linkKey(), iv).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function unseal(sealed: string, aad: string): string {
  const raw = Buffer.from(sealed.replace(/^v1\./, ""), "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", linkKey(), raw.subarray(0, 12))
      .setAAD(Buffer.from(aad))
      .setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "The link in this email can no longer be restored (the server's AUTH_SECRET changed): ask for a new one",
    );
  }
}

/** The link with every query value that could be a credential replaced by HIDDEN_TOKEN. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has("token")) return url;
    parsed.searchParams.set("token", HIDDEN_TOKEN);
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Before a row is written: the data to store, with the link redacted and its real form sealed. */
export function sealSecretLink<E extends EmailOf>(email: E): E["data"] {
  const data = email.data as LinkData;
  if (!SECRET_LINK_TEMPLATES.has(email.template) || !data.url) return email.data;
  const redacted = redactUrl(data.url);
  if (redacted === data.url) return email.data;
  return {
    ...data,
    url: redacted,
    sealedUrl: seal(data.url, email.template),
  } as unknown as E["data"];
}

/**
 * The same email as an admin may see it: no sealed copy, the link redacted (rows queued before
 * links were sealed still hold a clear link; this hides it too).
 */
export function redactedEmail(email: EmailOf): EmailOf {
  const data = email.data as LinkData;
  if (!SECRET_LINK_TEMPLATES.has(email.template) || !data.url) return email;
  const rest = { ...data };
  delete rest.sealedUrl;
  return { ...email, data: { ...rest, url: redactUrl(data.url) } } as EmailOf;
}

/**
 * For the worker, right before a send: the redacted link and the real one (null when the email
 * holds no secret link). The real link lives only in memory, in the message that leaves.
 */
export function restoreSecretLink(email: EmailOf): { redacted: string; real: string } | null {
  const data = email.data as LinkData;
  if (!SECRET_LINK_TEMPLATES.has(email.template) || !data.url) return null;
  const real = data.sealedUrl ? unseal(data.sealedUrl, email.template) : data.url;
  const redacted = redactUrl(real);
  return redacted === real ? null : { redacted, real };
}
