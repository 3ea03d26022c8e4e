import { NextRequest } from "next/server";
import * as nextauth from "@/app/api/auth/[...nextauth]/route";

/**
 * Drives the browser's sign-in and sign-out through the real Auth.js handlers (the routes under
 * /api/auth), the way the sign-in form's server action and the portal's sign-out button reach them.
 */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

export async function csrf(address = "127.0.0.1") {
  const res = await nextauth.GET(
    new NextRequest("http://localhost/api/auth/csrf", {
      headers: { "x-caseline-socket-address": address },
    }),
  );
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie: cookiesOf(res).join("; ") };
}

export type BrowserSignin = {
  /** "ok" when a session cookie was set, else the refusal code the form shows. */
  outcome: string;
  /** The session cookie, as a Cookie header ("authjs.session-token=…"), when signed in. */
  session?: string;
};

export async function browserSignIn(
  userId: string,
  password: string,
  address = "127.0.0.1",
): Promise<BrowserSignin> {
  const { csrfToken, cookie } = await csrf(address);
  const res = await nextauth.POST(
    new NextRequest("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        "x-caseline-socket-address": address,
      },
      body: new URLSearchParams({ csrfToken, userId, password, callbackUrl: "/" }).toString(),
    }),
  );
  const session = cookiesOf(res).find((c) => c.startsWith("authjs.session-token="));
  if (session) return { outcome: "ok", session };
  const location = new URL(res.headers.get("location") ?? "http://localhost/");
  return { outcome: location.searchParams.get("code") ?? location.searchParams.get("error") ?? "" };
}

/** The portal's sign-out: Auth.js's signout endpoint with the session cookie. */
export async function browserSignOut(session: string) {
  const { csrfToken, cookie } = await csrf();
  const res = await nextauth.POST(
    new NextRequest("http://localhost/api/auth/signout", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${cookie}; ${session}`,
      },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/signin" }).toString(),
    }),
  );
  return res.status;
}
