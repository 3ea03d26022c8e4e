import { AppError } from "@/lib/errors";
import { errorResponse } from "./errors";

/** Every method a route file answers: the ones it implements, and 405 for the rest. */
export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];
/** The methods a route implements itself (HEAD follows GET; OPTIONS is always answered). */
type OwnMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler shape Next accepts
type Handler = (...args: any[]) => unknown;
type NotAllowedHandler = (req: Request) => Response;
type Filled<H> = {
  [M in Exclude<RouteMethod, keyof H>]: M extends "HEAD"
    ? H extends { GET: infer G }
      ? G
      : NotAllowedHandler
    : NotAllowedHandler;
};

const FILLED = Symbol.for("caseline.route.filledMethod");

/**
 * The rest of a route file's methods, so it answers every one of them the same way: HEAD runs GET,
 * OPTIONS answers 204 with `Allow`, and any other method answers 405 with `Allow` and the error
 * shape (Next's own 405 has neither). A route file ends with
 * `export const { PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET, POST });`
 * (tests/api/route-methods.test.ts checks every route file exports all seven).
 */
export function otherMethods<H extends Partial<Record<OwnMethod, Handler>>>(
  implemented: H,
): Filled<H> {
  const own = (m: string) => typeof (implemented as Record<string, unknown>)[m] === "function";
  const allow = ROUTE_METHODS.filter(
    (m) => own(m) || m === "OPTIONS" || (m === "HEAD" && own("GET")),
  ).join(", ");
  const filled: Record<string, Handler> = {};
  for (const method of ROUTE_METHODS) {
    if (own(method)) continue;
    if (method === "HEAD" && own("GET")) filled.HEAD = implemented.GET!;
    else if (method === "OPTIONS")
      filled.OPTIONS = mark(() => new Response(null, { status: 204, headers: { Allow: allow } }));
    else filled[method] = mark((req: Request) => methodNotAllowed(req, allow));
  }
  return filled as Filled<H>;
}

/** 405 with `Allow` and the error shape. */
export function methodNotAllowed(req: Request, allow: string): Response {
  const path = new URL(req.url).pathname;
  return errorResponse(
    new AppError(
      "METHOD_NOT_ALLOWED",
      `${req.method} is not answered at ${path}; use ${allow}`,
      undefined,
      { Allow: allow },
    ),
  );
}

/** The methods a route module really implements (not the ones otherMethods filled in). */
export function implementedMethods(routeModule: Record<string, unknown>): OwnMethod[] {
  return (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).filter((m) => {
    const handler = routeModule[m];
    return typeof handler === "function" && !(FILLED in handler);
  });
}

function mark<F extends Handler>(handler: F): F {
  return Object.assign(handler, { [FILLED]: true });
}
