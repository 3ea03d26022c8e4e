import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { consumeUserToken, issuedWithin } from "@/lib/auth/user-tokens";
import { conflict, invalid, notFound } from "@/lib/errors";
import { sendVerificationEmail } from "@/lib/notifications/account-emails";
import { findUserById } from "./find-user";

export const VERIFIED_MESSAGE = "Your email address is confirmed. Thank you.";

/** Opens a verification link: the address it was sent to is confirmed, if it is still the user's. */
export function verifyEmail(token: string) {
  const db = getDb();
  return writeTransaction(() => {
    const { user, email } = consumeUserToken(token, "verify-email");
    if (user.email !== email) {
      throw invalid("This link was for an address you have since changed. Ask for a new one.", {
        token: ["Sent to an earlier address"],
      });
    }
    db.update(users)
      .set({ emailVerifiedAt: user.emailVerifiedAt ?? new Date() })
      .where(eq(users.id, user.id))
      .run();
    return { message: VERIFIED_MESSAGE, userId: user.userId };
  });
}

/** A signed-in user asks for a fresh link (at most one a minute). */
export function resendVerification(actor: Actor) {
  const user = findUserById(actor.id);
  if (!user) throw notFound("No such user");
  if (user.emailVerifiedAt) throw conflict("Your email address is confirmed already");
  if (issuedWithin(user.id, "verify-email", 60_000)) {
    return { message: `We sent a link to ${user.email} less than a minute ago: check your inbox.` };
  }
  writeTransaction(() => sendVerificationEmail(user));
  return { message: `We sent a new link to ${user.email}.` };
}
