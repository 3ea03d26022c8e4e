import { readdirSync } from "node:fs";
import path from "node:path";

type Params = Record<string, string | string[]>;
type Handler = (req: Request, ctx: { params: Promise<Params> }) => Promise<Response>;

/** One route file under app/api/v1, as Next's router sees it. */
type Route = { dir: string; segments: string[] };

const ROOT = path.resolve(__dirname, "../app/api/v1");
const ROUTES: Route[] = readdirSync(ROOT, { recursive: true, encoding: "utf8" })
  .filter((f) => path.basename(f) === "route.ts")
  .map((f) => path.dirname(f).split(path.sep).join("/"))
  .map((dir) => ({ dir, segments: dir === "." ? [] : dir.split("/") }))
  // Next's order: static segments before dynamic ones, a catch-all last.
  .sort(byPrecedence);

/** Next's order, segment by segment: a static segment before a dynamic one, a catch-all last. */
function byPrecedence(a: Route, b: Route) {
  const kind = (s?: string) => (!s ? 0 : s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0);
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const d = kind(a.segments[i]) - kind(b.segments[i]);
    if (d) return d;
  }
  return 0;
}

const API_PREFIXES = ["/api/v1", "/crm/api/v1"];

/** The route file and decoded params for a pathname, or null when nothing under app/api/v1 serves it. */
export function matchRoute(pathname: string): { dir: string; params: Params } | null {
  const prefix = API_PREFIXES.find((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (prefix === undefined) return null;
  const parts = pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent);
  for (const route of ROUTES) {
    const params: Params = {};
    let ok = true;
    for (let i = 0; i < route.segments.length && ok; i++) {
      const seg = route.segments[i];
      const part = parts[i];
      if (seg.startsWith("[...")) {
        if (part === undefined) ok = false;
        else params[seg.slice(4, -1)] = parts.slice(i);
        break;
      }
      if (part === undefined) ok = false;
      else if (seg.startsWith("[")) params[seg.slice(1, -1)] = part;
      else if (seg !== part) ok = false;
    }
    const catchAll = route.segments.at(-1)?.startsWith("[...");
    if (ok && (catchAll || route.segments.length === parts.length)) {
      return { dir: route.dir, params };
    }
  }
  return null;
}

const modules = new Map<string, Promise<Partial<Record<string, Handler>>>>();
const load = (dir: string) => {
  if (!modules.has(dir)) modules.set(dir, import(/* @vite-ignore */ `@/app/api/v1/${dir}/route`));
  return modules.get(dir)!;
};

const errorJson = (status: number, code: string, message: string, headers = {}) =>
  Response.json({ error: { code, message } }, { status, headers });

/**
 * A `fetch` that serves /api/v1 (and /crm/api/v1) from the real route handlers in this process,
 * routed the way Next routes them: what openapi-fetch and the fuzz suite call instead of a server.
 * Requests arrive from 127.0.0.1 unless `x-caseline-socket-address` says otherwise.
 */
export async function apiFetch(input: Request | string | URL, init?: RequestInit) {
  const req = new Request(input, init);
  if (!req.headers.has("x-caseline-socket-address")) {
    req.headers.set("x-caseline-socket-address", "127.0.0.1");
  }
  const url = new URL(req.url);
  let match;
  try {
    match = matchRoute(url.pathname);
  } catch {
    // Next itself cannot decode such a path; the server in front of it (server.mjs) answers it.
    return errorJson(400, "VALIDATION", "The address has malformed percent-encoding");
  }
  if (!match) return errorJson(404, "NOT_FOUND", `No route ${url.pathname}`);
  const handlers = await load(match.dir);
  const method = req.method.toUpperCase();
  const handler = handlers[method === "HEAD" ? "GET" : method];
  const allowed = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => m in handlers);
  if (!handler) {
    // What Next answers for a method the route file doesn't export.
    return new Response(null, { status: 405, headers: { allow: allowed.join(", ") } });
  }
  const res = await handler(req, { params: Promise.resolve(match.params) });
  if (method !== "HEAD") return res;
  await res.body?.cancel();
  return new Response(null, res);
}
