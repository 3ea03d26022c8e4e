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
export async function verifyEmail(token: string) {
  return writeTransaction(async () => {
    const { user, email } = await consumeUserToken(token, "verify-email");
    if (user.email !== email) {
      throw invalid("This link was for an address you have since changed. Ask for a new one.", {
        token: ["Sent to an earlier address"],
      });
    }
    await getDb()
      .update(users)
      .set({ emailVerifiedAt: user.emailVerifiedAt ?? new Date() })
      .where(eq(users.id, user.id));
    return { message: VERIFIED_MESSAGE, userId: user.userId };
  });
}

/** A signed-in user asks for a fresh link (at most one a minute). */
export async function resendVerification(actor: Actor) {
  const user = await findUserById(actor.id);
  if (!user) throw notFound("No such user");
  if (user.emailVerifiedAt) throw conflict("Your email address is confirmed already");
  if (await issuedWithin(user.id, "verify-email", 60_000)) {
    return { message: `We sent a link to ${user.email} less than a minute ago: check your inbox.` };
  }
  await writeTransaction(() => sendVerificationEmail(user));
  return { message: `We sent a new link to ${user.email}.` };
}
