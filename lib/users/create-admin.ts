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
  assertIdentityFree(input.userId, input.email);
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  const created = insertUnique(() =>
    writeTransaction(() => {
      const user = db
        .insert(users)
        .values({
          userId: input.userId,
          name: input.name,
          email: input.email,
          passwordHash,
          userType: "ADMIN",
          userStatus: "APPROVED",
        })
        .returning()
        .get();
      sendVerificationEmail(user);
      return user;
    }),
  );
  return toPublicUser(created);
}
