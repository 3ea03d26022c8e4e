import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { invalid, notFound } from "@/lib/errors";
import type { ChangePasswordInput } from "@/lib/validation/users";
import { findUserById } from "./find-user";

/**
 * A signed-in user changes their own password; the old one is required. Every token and session
 * issued before stops working (the session version moves on); the caller issues a fresh one.
 */
export async function changePassword(actor: Actor, input: ChangePasswordInput) {
  const user = await findUserById(actor.id);
  if (!user) throw notFound("No such user");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw invalid("The current password is not right", {
      currentPassword: ["The current password is not right"],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  // Hashed above, before the transaction: nothing slow runs while it holds the write lock.
  const [updated] = await writeTransaction(
    async () =>
      await getDb()
        .update(users)
        .set({
          passwordHash,
          updatedAt: new Date(),
          sessionVersion: sql`${users.sessionVersion} + 1`,
        })
        .where(eq(users.id, user.id))
        .returning(),
  );
  return updated;
}
