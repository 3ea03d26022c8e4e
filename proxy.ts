import { decode } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { homeFor } from "@/lib/auth/actor";
import { SESSION_COOKIES, type TokenClaims } from "@/lib/auth/claims";
import { env } from "@/lib/env";

/**
 * A courtesy redirect by role before a portal page renders. Every page and server action checks the
 * actor again against the database; this only saves a round trip for the obvious cases.
 */
const AREAS: Record<string, string> = {
  "/admin": "ADMIN",
  "/engineer": "ENGINEER",
  "/customer": "CUSTOMER",
};

export async function proxy(req: NextRequest) {
  const claims = await readClaims(req);
  const { pathname } = req.nextUrl;
  if (!claims?.role) {
    const url = new URL("/signin", req.url);
    url.searchParams.set("next", pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  const area = Object.keys(AREAS).find((a) => pathname === a || pathname.startsWith(`${a}/`));
  if (area && AREAS[area] !== claims.role) {
    return NextResponse.redirect(new URL(homeFor(claims.role as never), req.url));
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
