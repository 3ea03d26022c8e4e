import { randomBytes } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { revokedSessions, users } from "@/db/schema";
import type { TokenClaims } from "./claims";

/**
 * A sign-out ends that one session for good (issue 9): the session's id is kept as revoked until
 * the cookie would have expired anyway, and every request checks it (actorFromClaims). Other
 * sessions of the same user go on.
 */
export function newSessionId() {
  return randomBytes(16).toString("base64url");
}

export function isSessionRevoked(sid: string): boolean {
  return !!getDb()
    .select({ sid: revokedSessions.sid })
    .from(revokedSessions)
    .where(eq(revokedSessions.sid, sid))
    .get();
}

/**
 * Ends the session these claims describe. A cookie from before session ids existed can't be named
 * alone, so it ends all of that user's sessions (the session version moves on) rather than none.
 */
export function endSession(claims: TokenClaims, lifetimeSeconds: number) {
  const userId = Number(claims.sub);
  if (!Number.isInteger(userId)) return;
  const db = getDb();
  writeTransaction(() => {
    const user = db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get();
    if (!user) return;
    const now = Date.now();
    if (!claims.sid) {
      db.update(users)
        .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, userId))
        .run();
      return;
    }
    const expiresAt = new Date(claims.exp ? claims.exp * 1000 : now + lifetimeSeconds * 1000);
    db.delete(revokedSessions)
      .where(lt(revokedSessions.expiresAt, new Date(now)))
      .run();
    db.insert(revokedSessions)
      .values({ sid: claims.sid, userId, expiresAt })
      .onConflictDoNothing()
      .run();
  });
}
