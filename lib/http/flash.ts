import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * One-time success banners ("Ticket #12 was deleted.") after a server action, that no link can
 * forge: the message used to travel in the address (`?created=…`), so anyone could plant text in
 * the app with a link.
 *
 * The action calls `setFlash`: a short-lived httpOnly, SameSite=Lax cookie holding the message,
 * signed (HMAC-SHA256, key derived from AUTH_SECRET) with a random id and an expiry. On the next
 * page request proxy.ts moves the cookie into a request header and deletes the cookie on the
 * response (`moveFlashToRequest`); the page shows it through `readFlash`, which checks the
 * signature and shows each id once. The "once" is also kept in memory because a JavaScript form
 * action renders its redirect target inside the action's own response, whose cookies Next sends
 * as the action set them: the browser still holds the cookie afterwards, and a reload must not
 * show the banner again.
 */

export const FLASH_COOKIE = "caseline-flash";
export const FLASH_HEADER = "x-caseline-flash";
const LIFETIME_S = 60;

export type FlashTone = "success" | "warning" | "info";
export type Flash = { text: string; tone: FlashTone };
type Sealed = Flash & { id: string; exp: number };

const state = globalThis as unknown as {
  __caselineFlash?: { secret: string; key: Buffer; shown: Map<string, number> };
};

function store() {
  const secret = env().AUTH_SECRET;
  if (state.__caselineFlash?.secret !== secret) {
    const key = Buffer.from(hkdfSync("sha256", secret, "", "caseline flash v1", 32));
    state.__caselineFlash = { secret, key, shown: new Map() };
  }
  return state.__caselineFlash;
}

const mac = (payload: string) =>
  createHmac("sha256", store().key).update(payload).digest("base64url");

export function encodeFlash(flash: Flash, now = Date.now()): string {
  const sealed: Sealed = {
    ...flash,
    id: randomBytes(9).toString("base64url"),
    exp: now + LIFETIME_S * 1000,
  };
  const payload = Buffer.from(JSON.stringify(sealed)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The message, if the value is one this server signed, unexpired and not shown before. */
export function decodeFlash(value: string | null | undefined, now = Date.now()): Flash | null {
  if (!value || value.length > 4096) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let sealed: Sealed;
  try {
    sealed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Sealed;
  } catch {
    return null;
  }
  if (typeof sealed.text !== "string" || typeof sealed.id !== "string" || !(sealed.exp > now))
    return null;
  const { shown } = store();
  for (const [id, exp] of shown) if (exp <= now) shown.delete(id);
  if (shown.has(sealed.id)) return null;
  shown.set(sealed.id, sealed.exp);
  const tone: FlashTone = ["success", "warning", "info"].includes(sealed.tone)
    ? sealed.tone
    : "success";
  return { text: sealed.text, tone };
}

/** In a server action, before its redirect: the next page shows this once. */
export async function setFlash(text: string, tone: FlashTone = "success") {
  (await cookies()).set(FLASH_COOKIE, encodeFlash({ text, tone }), {
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge: LIFETIME_S,
  });
}

/** In a page: the flash handed over by proxy.ts for this render, shown at most once. */
export async function readFlash(): Promise<Flash | null> {
  return decodeFlash((await headers()).get(FLASH_HEADER));
}

/**
 * In proxy.ts: a header a client sent under the flash's name is dropped; the cookie, if any, is
 * handed to the page as that header. Answers whether the response must delete the cookie.
 */
export function moveFlashToRequest(
  cookie: string | undefined,
  requestHeaders: Headers,
  { prefetch }: { prefetch: boolean },
): boolean {
  requestHeaders.delete(FLASH_HEADER);
  if (!cookie || prefetch) return false;
  requestHeaders.set(FLASH_HEADER, cookie);
  return true;
}
