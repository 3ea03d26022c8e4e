import { and, eq, isNull, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { getDb, writeTransaction } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { revokedSessions, users, type User } from "@/db/schema";
import { env } from "@/lib/env";
import type { Actor } from "./actor";
import { decodeClaims, SESSION_COOKIES, type TokenClaims } from "./claims";
import { newSessionId } from "./revocations";

export type { TokenClaims };

/**
 * API tokens and browser sessions are both Auth.js JWTs (encrypted, expiring), told apart by salt.
 * Each carries the user's id, session version and a session id; every request re-reads the user, so
 * a token of a user whose role or standing changed, who was deleted or changed password stops working
 * at once, and a signed-out session id is refused.
 */
const API_TOKEN_SALT = "caseline.api-token";

export function tokenLifetimeSeconds() {
  return env().TOKEN_TTL_HOURS * 3600;
}

export async function issueApiToken(user: Pick<User, "id" | "sessionVersion" | "userType">) {
  return encode<TokenClaims>({
    salt: API_TOKEN_SALT,
    secret: env().AUTH_SECRET,
    maxAge: tokenLifetimeSeconds(),
    token: {
      sub: String(user.id),
      sv: user.sessionVersion,
      role: user.userType,
      sid: newSessionId(),
    },
  });
}

function claimsOf(token: string, salt: string): Promise<TokenClaims | null> {
  return decodeClaims(token, salt, env().AUTH_SECRET);
}

export async function actorFromApiToken(token: string) {
  return actorFromClaims(await claimsOf(token, API_TOKEN_SALT));
}

/** Reads an Auth.js session cookie from a raw Cookie header (route handlers and tests alike). */
export async function actorFromSessionCookie(cookieHeader: string | null) {
  if (!cookieHeader) return null;
  const cookies = new Map(
    cookieHeader.split(";").map((part) => {
      const i = part.indexOf("=");
      return [part.slice(0, i).trim(), safeDecode(part.slice(i + 1).trim())] as const;
    }),
  );
  const token = sessionTokenIn((name) => cookies.get(name));
  return token ? actorFromSessionToken(token.name, token.value) : null;
}

/** Whichever Auth.js session cookie is present, as its name (the token's salt) and value. */
export function sessionTokenIn(get: (name: string) => string | undefined) {
  for (const name of SESSION_COOKIES) {
    const value = get(name);
    if (value) return { name, value };
  }
  return null;
}

/** The actor behind one Auth.js session cookie's value (its name is the token's salt). */
export async function actorFromSessionToken(name: string, value: string) {
  return actorFromClaims(await claimsOf(value, name));
}

/** Another site's cookie with a stray "%" must not turn every API request into a 500. */
function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The actor behind decoded claims, or null (docs/roles-and-accounts.md#when-sessions-end). Runs on
 * every request, so the user and whether this session id was signed out come from one query over
 * two primary keys.
 */
export async function actorFromClaims(claims: TokenClaims | null): Promise<Actor | null> {
  const id = Number(claims?.sub);
  if (!claims || !Number.isInteger(id)) return null;
  // A token without a session id binds null: `sid = null` matches no signed-out session.
  const [found] = await userAndRevocation({ id, sid: claims.sid ?? null });
  const user = found?.user;
  if (!user || user.userStatus !== "APPROVED" || user.sessionVersion !== claims.sv) return null;
  if (user.deactivatedAt || user.deletedAt) return null;
  if (found.revokedSid !== null) return null;
  await touchLastActive(user);
  return toActor(user);
}

const userAndRevocation = preparedQuery((db) =>
  db
    .select({ user: users, revokedSid: revokedSessions.sid })
    .from(users)
    .leftJoin(revokedSessions, eq(revokedSessions.sid, sql.placeholder("sid")))
    .where(and(eq(users.id, sql.placeholder("id")), isNull(users.deletedAt)))
    .limit(1),
);

export function toActor(user: User): Actor {
  return {
    id: user.id,
    userId: user.userId,
    name: user.name,
    email: user.email,
    userType: user.userType,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** lastActiveAt, written at most once a minute per user so reads stay reads. */
async function touchLastActive(user: User) {
  const now = Date.now();
  if (user.lastActiveAt && now - user.lastActiveAt.getTime() < 60_000) return;
  // Awaited inside the callback, so the statement runs in the transaction's context.
  await writeTransaction(async () => {
    await getDb()
      .update(users)
      .set({ lastActiveAt: new Date(now) })
      .where(eq(users.id, user.id));
  });
}
