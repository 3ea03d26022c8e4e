import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { sendVerificationEmail } from "@/lib/notifications/account-emails";
import type { CreateAdminInput } from "@/lib/validation/users";
import { assertIdentityFree, insertUnique } from "./sign-up";
import { toPublicUser } from "./public-user";

/** An approved admin creates another admin, approved at once (docs/roles-and-accounts.md#the-first-admin). */
export async function createAdmin(actor: Actor, input: CreateAdminInput) {
  requireRole(actor, "ADMIN");
  await assertIdentityFree(input.userId, input.email);
  // Hashed before the transaction opens: nothing slow runs while it holds the write lock.
  const passwordHash = await hashPassword(input.password);
  const created = await insertUnique(() =>
    writeTransaction(async () => {
      const [user] = await getDb()
        .insert(users)
        .values({
          userId: input.userId,
          name: input.name,
          email: input.email,
          passwordHash,
          userType: "ADMIN",
          userStatus: "APPROVED",
        })
        .returning();
      await sendVerificationEmail(user);
      return user;
    }),
  );
  return toPublicUser(created);
}
