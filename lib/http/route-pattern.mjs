// The route a request was for, as its pattern (`/api/v1/tickets/[id]`), never the raw address: a
// bounded label for the access log and the latency histogram. Read from the build's own route list
// (.next/routes-manifest.json), so every route the app has is known without a list kept by hand.
import { readFileSync } from "node:fs";
import path from "node:path";

/** Next's build assets, whatever file is asked for. */
const STATIC_ASSETS = "/_next/static";
/** Anything no route of the build matches (in development, before the first build, everything). */
export const UNMATCHED = "(unmatched)";

/**
 * @param {string} [distDir] where the build is (default .next in the working directory)
 * @returns {(pathname: string) => string}
 */
export function routePatterns(distDir = path.join(process.cwd(), ".next")) {
  /** @type {{ page: string, regex: RegExp }[]} */
  let routes = [];
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8"));
    // Static routes first, then dynamic ones in the build's order (most specific first, catch-alls last).
    routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((r) => ({
      page: String(r.page),
      regex: new RegExp(r.regex),
    }));
  } catch {
    // No build (development): every request is "unmatched"; the histogram stays bounded.
  }
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return STATIC_ASSETS;
    // /crm/api/v1/… is served by the same handlers as /api/v1/… (next.config.mjs rewrites).
    const target = pathname.startsWith("/crm/api/") ? pathname.slice(4) : pathname;
    for (const route of routes) if (route.regex.test(target)) return route.page;
    return UNMATCHED;
  };
}
