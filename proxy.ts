import { NextResponse, type NextRequest } from "next/server";
import { decodeClaims, SESSION_COOKIES, type TokenClaims } from "@/lib/auth/claims";
import { env } from "@/lib/env";
import { newNonce, pageContentSecurityPolicy } from "@/lib/http/csp";
import { FLASH_COOKIE, moveFlashToRequest } from "@/lib/http/flash";

/**
 * Runs before every page (not the API, not static assets), in three independent steps:
 * 1. the Content-Security-Policy with a fresh script nonce (lib/http/csp.ts), set on the response
 *    and on the request, where Next reads the nonce for its own scripts (and the root layout
 *    reads `x-nonce` for next-themes);
 * 2. the one-time flash banner: its cookie is handed to the page and deleted (lib/http/flash.ts);
 * 3. a courtesy redirect to sign-in on the portal's pages when no session cookie is present.
 */
export async function proxy(req: NextRequest) {
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce);
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const prefetch =
    req.headers.has("next-router-prefetch") || req.headers.get("purpose") === "prefetch";

  const redirect = await signInRedirect(req);
  // A redirected request renders nothing: the flash waits for the page it lands on.
  const flashTaken =
    !redirect &&
    moveFlashToRequest(req.cookies.get(FLASH_COOKIE)?.value, requestHeaders, { prefetch });
  const res = redirect ?? NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  if (flashTaken) res.cookies.delete(FLASH_COOKIE);
  return res;
}

// ---------------------------------------------------------------------------------------------
// The sign-in redirect

/**
 * A courtesy redirect to sign-in before a portal page renders without any session cookie. It never
 * redirects by the role in the cookie: the role may have changed since the cookie was issued, and
 * each page sends the actor to their home by the role in the database (two judges of the role
 * disagreeing caused a redirect loop). These are the pages it covers.
 */
const SIGNED_IN_PATHS = [
  "/admin",
  "/engineer",
  "/customer",
  "/profile",
  "/customers",
  "/interactions",
  "/reports",
];

const under = (pathname: string, prefix: string) =>
  pathname === prefix || pathname.startsWith(`${prefix}/`);

async function signInRedirect(req: NextRequest): Promise<NextResponse | null> {
  const { pathname } = req.nextUrl;
  if (pathname !== "/dashboard" && !SIGNED_IN_PATHS.some((p) => under(pathname, p))) return null;
  const claims = await readClaims(req);
  if (!claims?.role) {
    const url = new URL("/signin", req.url);
    url.searchParams.set("next", pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  return null;
}

async function readClaims(req: NextRequest): Promise<TokenClaims | null> {
  for (const name of SESSION_COOKIES) {
    const value = req.cookies.get(name)?.value;
    if (!value) continue;
    return decodeClaims(value, name, env().AUTH_SECRET);
  }
  return null;
}

export const config = {
  // Every page; not the API (its own strict CSP comes from next.config.mjs), nor built assets.
  matcher: ["/((?!api/|crm/api/|_next/static/|_next/image|favicon.ico).*)"],
};
