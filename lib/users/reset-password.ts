import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { BAD_LINK_MESSAGE, consumeUserToken, issuedWithin } from "@/lib/auth/user-tokens";
import { invalid } from "@/lib/errors";
import { sendPasswordResetEmail } from "@/lib/notifications/account-emails";
import type { ForgotPasswordInput, ResetPasswordInput } from "@/lib/validation/users";
import { findUserByEmail } from "./find-user";

/** The same answer whether or not the address has an account (no enumeration: docs/roles-and-accounts.md#forgot-and-reset-password). */
export const FORGOT_PASSWORD_MESSAGE =
  "If an account uses that address, we have sent it a link to choose a new password. The link works once, for an hour.";

export const PASSWORD_RESET_MESSAGE = "Your password is changed. Sign in with the new one.";

/**
 * Forgot password: a single-use, hashed, expiring link to the address, if it belongs to a user who
 * could sign in with it. At most one email a minute per account, so nobody can flood a mailbox.
 */
export async function requestPasswordReset(input: ForgotPasswordInput) {
  const user = await findUserByEmail(input.email);
  if (
    user &&
    user.userStatus !== "REJECTED" &&
    !(await issuedWithin(user.id, "reset-password", 60_000))
  ) {
    await writeTransaction(() => sendPasswordResetEmail(user));
  }
  return { message: FORGOT_PASSWORD_MESSAGE };
}

/**
 * Sets a new password from a reset link. The link is spent, every session and token issued before
 * stops working, and the address is confirmed (the link proved the user reads it). A link only
 * works while the account still has the address it was sent to.
 */
export async function resetPassword(input: ResetPasswordInput) {
  // Hashed before the transaction opens: nothing slow runs while it holds the write lock.
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(async () => {
    // An invitation (imported customers) is a first password set the same way.
    const { user, email } = await consumeUserToken(input.token, ["reset-password", "invite"]);
    // A link sent to an address the account no longer uses opens nothing (the address changed
    // since: whoever reads the old mailbox must not choose the password).
    if (user.email !== email) throw invalid(BAD_LINK_MESSAGE, { token: [BAD_LINK_MESSAGE] });
    await getDb()
      .update(users)
      .set({
        passwordHash,
        updatedAt: new Date(),
        sessionVersion: sql`${users.sessionVersion} + 1`,
        ...(user.email === email && !user.emailVerifiedAt ? { emailVerifiedAt: new Date() } : {}),
      })
      .where(eq(users.id, user.id));
    return { message: PASSWORD_RESET_MESSAGE, userId: user.userId };
  });
}
