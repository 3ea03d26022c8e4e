import { randomBytes } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { revokedSessions, users } from "@/db/schema";
import type { TokenClaims } from "./claims";

/**
 * A sign-out ends that one session for good (docs/roles-and-accounts.md#when-sessions-end): the
 * session's id is kept as revoked until the cookie would have expired anyway, and every request
 * checks it (actorFromClaims, in the same query that reads the user). Other sessions of the same
 * user go on.
 */
export function newSessionId() {
  return randomBytes(16).toString("base64url");
}

/**
 * Ends the session these claims describe. A cookie from before session ids existed can't be named
 * alone, so it ends all of that user's sessions (the session version moves on) rather than none.
 */
export async function endSession(claims: TokenClaims, lifetimeSeconds: number) {
  const userId = Number(claims.sub);
  if (!Number.isInteger(userId)) return;
  await writeTransaction(async () => {
    const db = getDb();
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user) return;
    const now = Date.now();
    if (!claims.sid) {
      await db
        .update(users)
        .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, userId));
      return;
    }
    const expiresAt = new Date(claims.exp ? claims.exp * 1000 : now + lifetimeSeconds * 1000);
    await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date(now)));
    await db
      .insert(revokedSessions)
      .values({ sid: claims.sid, userId, expiresAt })
      .onConflictDoNothing();
  });
}
