import { env } from "@/lib/env";
import { forbidden } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const CROSS_SITE_MESSAGE =
  "This request came from another site: a signed-in browser may change data only from Caseline's own pages (API clients send a bearer token instead of the session cookie)";

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF guard for requests authenticated by the session cookie (a browser sends the cookie along
 * whichever site made the request; SameSite=Lax still lets a sibling subdomain or an old browser
 * through). A request that changes something must say where it comes from: its `Origin` must be
 * this server (the request's own origin, its Host, or APP_URL), and `Sec-Fetch-Site`, when the
 * browser sends it, must be `same-origin`. Bearer-token calls never reach here: a token is not
 * sent by a browser on its own. Throws FORBIDDEN (403).
 */
export function assertSameOrigin(req: Request) {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin") throw forbidden(CROSS_SITE_MESSAGE);
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") throw forbidden(CROSS_SITE_MESSAGE);
  const own = new Set<string | null>([originOf(req.url), originOf(env().APP_URL)]);
  const host = req.headers.get("host");
  if (host) {
    const scheme = new URL(req.url).protocol;
    own.add(originOf(`${scheme}//${host}`));
  }
  if (!own.has(originOf(origin))) throw forbidden(CROSS_SITE_MESSAGE);
}
