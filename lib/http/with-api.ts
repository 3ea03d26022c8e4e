import { createHash, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { UserType } from "@/db/enums";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { consumeRequestBudget, rateLimitHeaders, type RateLimitState } from "@/lib/auth/rate-limit";
import { actorFromApiToken, actorFromSessionCookie } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { notFound, unauthenticated } from "@/lib/errors";
import { requestContext, requestIdFor, type RequestContext } from "@/lib/log.mjs";
import type { IncomingFile } from "@/lib/tickets/attachments";
import { clientAddress } from "./client-address";
import { errorResponse } from "./errors";
import { refuseNul } from "./no-nul";
import { readMultipartToDisk, removeIncoming, takeUploadSlot } from "./multipart-upload";
import { isMultipart, readJsonBody } from "./read-json";
import { assertSameOrigin } from "./same-origin";

type Schema = z.ZodType;
type Params = Record<string, string | string[] | undefined>;

type Options<B extends Schema | undefined, Q extends Schema | undefined, A extends boolean> = {
  /** Default true: a signed-in, approved user is required (401 otherwise). */
  auth?: A;
  roles?: UserType[];
  body?: B;
  query?: Q;
  /** Also accept multipart/form-data (string fields parsed by `body`, files handed over). */
  multipart?: boolean;
  /** Also accept NOTIFICATION_SERVICE_TOKEN as a bearer token (ctx.service is then true). */
  service?: boolean;
  /**
   * Runs after auth and before any byte of the body is read: throw to refuse (for example, the
   * ticket a file is uploaded to is not the caller's), so no one can make the server take in a
   * body it would refuse anyway.
   */
  authorize?: (ctx: PreContext<A>) => void | Promise<void>;
};

type PreContext<A extends boolean> = {
  req: Request;
  actor: A extends false ? Actor | null : Actor;
  params: Params;
};

type Context<B, Q, A extends boolean> = {
  req: Request;
  actor: A extends false ? Actor | null : Actor;
  body: B extends Schema ? z.output<B> : undefined;
  query: Q extends Schema ? z.output<Q> : undefined;
  params: Params;
  client: string;
  files: IncomingFile[];
  /** The caller presented the service token (only on routes that allow it). */
  service: boolean;
};

/**
 * The one route wrapper (docs/api.md#base-paths): resolves the actor from a Bearer token, x-access-token or the
 * session cookie, spends the caller's rate-limit budget, checks the role, parses query and body with
 * the shared zod schemas, calls the handler and maps every error to the single error shape.
 * A handler returns data (sent as 200 JSON) or a Response.
 */
export function withApi<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  A extends boolean = true,
>(handler: (ctx: Context<B, Q, A>) => unknown | Promise<unknown>, options: Options<B, Q, A> = {}) {
  const serve = async (
    req: Request,
    route: { params?: Promise<Params> } | undefined,
    request: RequestContext,
  ): Promise<Response> => {
    let budget: RateLimitState | undefined;
    try {
      const client = clientAddress(req.headers);
      const service = !!options.service && presentsServiceToken(req);
      const resolved = await (service ? Promise.resolve(null) : resolveActor(req)).then(
        (actor) => ({ actor, error: null }),
        (error: unknown) => ({ actor: null, error }),
      );
      const actor = resolved.actor;
      // The access log line (server.mjs) says who asked.
      if (actor) request.userId = actor.userId;
      budget = await consumeRequestBudget({ userId: actor?.id, client });
      if (resolved.error) throw resolved.error;

      if (options.auth !== false && !actor && !service) {
        throw unauthenticated("Sign in first: send a token as Authorization: Bearer <token>");
      }
      if (options.roles && actor) requireRole(actor, ...options.roles);

      const query = options.query
        ? options.query.parse(Object.fromEntries(new URL(req.url).searchParams))
        : undefined;
      refuseNul(query);
      const params = (await route?.params) ?? {};
      // A path id with a NUL character can't name anything Caseline stores (PostgreSQL can't
      // even compare it): the same 404 as any other unknown id.
      if (Object.values(params).some((v) => typeof v === "string" && v.includes("\0"))) {
        throw notFound("Not found");
      }
      if (options.authorize) await options.authorize({ req, actor, params } as PreContext<A>);
      let files: IncomingFile[] = [];
      let raw: unknown;
      let release: (() => void) | undefined;
      let result: unknown;
      try {
        if (options.multipart && isMultipart(req)) {
          release = takeUploadSlot(actor ? `user:${actor.id}` : `client:${client}`);
          ({ fields: raw, files } = await readMultipartToDisk(req));
        } else if (options.body) raw = await readJsonBody(req, env().MAX_BODY_BYTES);
        const body = options.body ? options.body.parse(raw) : undefined;
        refuseNul(body);

        result = await handler({
          req,
          actor,
          body,
          query,
          params,
          client,
          files,
          service,
        } as Context<B, Q, A>);
      } finally {
        // Whatever the handler did not move into place is removed, on success or failure.
        removeIncoming(files);
        release?.();
      }
      const response = result instanceof Response ? result : Response.json(result);
      for (const [k, v] of Object.entries(rateLimitHeaders(budget))) response.headers.set(k, v);
      return response;
    } catch (error) {
      return errorResponse(error, budget ? rateLimitHeaders(budget) : {});
    }
  };
  return async (req: Request, route?: { params?: Promise<Params> }): Promise<Response> => {
    // Served through server.mjs, the request has its id already (and the answer its header).
    const served = requestContext.getStore();
    if (served) return serve(req, route, served);
    // Called some other way (tests, another server): the route gives the request its id itself.
    const own: RequestContext = {
      id: requestIdFor(req.headers.get("x-request-id"), env().TRUST_PROXY),
    };
    const response = await requestContext.run(own, () => serve(req, route, own));
    try {
      response.headers.set("X-Request-Id", own.id);
    } catch {
      // A response with immutable headers (none of ours today) goes out without it.
    }
    return response;
  };
}

function presentedToken(req: Request): string | undefined {
  const authorization = req.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return bearer ?? req.headers.get("x-access-token")?.trim();
}

function presentsServiceToken(req: Request): boolean {
  const expected = env().NOTIFICATION_SERVICE_TOKEN;
  const given = presentedToken(req);
  if (!expected || !given) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The caller behind a request's token or session cookie, checked afresh (the live stream re-asks). */
export async function resolveActor(req: Request): Promise<Actor | null> {
  const token = presentedToken(req);
  if (token) {
    const actor = await actorFromApiToken(token);
    // A token that was sent but no longer works is an error, not an anonymous request.
    if (!actor)
      throw unauthenticated(
        "The token is invalid or expired, or the account can no longer sign in",
      );
    return actor;
  }
  const actor = await actorFromSessionCookie(req.headers.get("cookie"));
  // A browser session changes data only from this site's own pages (CSRF): ./same-origin.ts
  if (actor) assertSameOrigin(req);
  return actor;
}

/** 201 with a body, for creations. */
export const created = (data: unknown) => Response.json(data, { status: 201 });
