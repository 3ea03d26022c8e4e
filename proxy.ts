import { decode } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIES, type TokenClaims } from "@/lib/auth/claims";
import { env } from "@/lib/env";

/**
 * A courtesy redirect to sign-in before a portal page renders without any session cookie. It never
 * redirects by the role in the cookie: the role may have changed since the cookie was issued, and
 * each page sends the actor to their home by the role in the database (two judges of the role
 * disagreeing caused a redirect loop).
 */
export async function proxy(req: NextRequest) {
  const claims = await readClaims(req);
  const { pathname } = req.nextUrl;
  if (!claims?.role) {
    const url = new URL("/signin", req.url);
    url.searchParams.set("next", pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

async function readClaims(req: NextRequest): Promise<TokenClaims | null> {
  for (const name of SESSION_COOKIES) {
    const value = req.cookies.get(name)?.value;
    if (!value) continue;
    try {
      return await decode<TokenClaims>({ token: value, salt: name, secret: env().AUTH_SECRET });
    } catch {
      return null;
    }
  }
  return null;
}

export const config = {
  matcher: [
    "/admin/:path*",
    "/engineer/:path*",
    "/customer/:path*",
    "/profile/:path*",
    "/customers/:path*",
    "/interactions/:path*",
    "/reports/:path*",
    "/dashboard",
  ],
};
