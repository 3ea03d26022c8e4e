import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users, type User } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError, unauthenticated } from "@/lib/errors";
import { findUserByLogin } from "@/lib/users/find-user";
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from "./password";
import { releaseSigninAttempt, reserveSigninAttempt } from "./rate-limit";

export const WRONG_CREDENTIALS = "Incorrect user ID, email or password";
export const PENDING_MESSAGE =
  "Your account is waiting for an admin's approval. You can sign in once it is approved.";
export const UNVERIFIED_MESSAGE =
  'Confirm your email address first: open the link we sent you. No email? Use "Forgot password" to get a link that also confirms it.';
export const DEACTIVATED_MESSAGE =
  "This account is deactivated. Contact your support team to have it turned back on.";
export const REJECTED_MESSAGE =
  "Your account request was rejected by an admin. Contact your support team if this is a mistake.";

/**
 * Checks a sign-in (docs/roles-and-accounts.md#sign-in): one 401 for an unknown user or a wrong password, 403 naming PENDING
 * or REJECTED, 429 once the account or the client address has too many recent failures. The attempt
 * is counted before the password is checked, so simultaneous attempts can't outrun the limit; a
 * right password gives back only its own count. A hash made at an older cost is upgraded here.
 */
export async function authenticate(
  login: string,
  password: string,
  clientAddress: string,
): Promise<User> {
  const normalized = login.trim().toLowerCase();
  const clientKey = `ip:${clientAddress}`;
  const user = await findUserByLogin(normalized);
  // Failures count against the account whichever of its identifiers was typed.
  const accountKey = user ? `user:${user.id}` : `login:${normalized}`;
  const attempt = await reserveSigninAttempt(accountKey, clientKey);

  const ok = user
    ? await verifyPassword(password, user.passwordHash)
    : (await burnPasswordCheck(password), false);
  // A wrong password keeps its reserved count: that is the failure.
  if (!user || !ok) throw unauthenticated(WRONG_CREDENTIALS);
  await releaseSigninAttempt(attempt);
  if (user.userStatus === "PENDING") throw new AppError("FORBIDDEN", PENDING_MESSAGE);
  if (user.userStatus === "REJECTED") throw new AppError("FORBIDDEN", REJECTED_MESSAGE);
  if (user.deactivatedAt) throw new AppError("FORBIDDEN", DEACTIVATED_MESSAGE);
  if (env().REQUIRE_EMAIL_VERIFICATION && !user.emailVerifiedAt) {
    throw new AppError("FORBIDDEN", UNVERIFIED_MESSAGE);
  }

  const now = new Date();
  // Hashed before any write (scrypt never runs while the database waits on it).
  const upgraded = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
  await writeTransaction(async () => {
    await getDb().update(users).set({ lastActiveAt: now }).where(eq(users.id, user.id));
    if (upgraded) {
      // Only over the hash just verified: a password changed meanwhile wins. The session version
      // stays: the password is the same, so no session needs to end.
      await getDb()
        .update(users)
        .set({ passwordHash: upgraded })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
    }
  });
  return { ...user, lastActiveAt: now, passwordHash: upgraded ?? user.passwordHash };
}
