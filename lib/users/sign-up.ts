import { getDb, writeTransaction } from "@/db/client";
import { isUniqueViolation } from "@/db/dialect";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { conflict } from "@/lib/errors";
import {
  notifyRegistrationRequest,
  sendVerificationEmail,
} from "@/lib/notifications/account-emails";
import type { SignupInput } from "@/lib/validation/users";
import { emailTaken, userIdTaken } from "./find-user";
import { toPublicUser } from "./public-user";

/** Customers are approved at once; engineers wait for an admin (docs/roles-and-accounts.md#sign-up). ADMIN is refused by the schema. */
export async function signUp(input: SignupInput) {
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
          userType: input.userType,
          userStatus: input.userType === "CUSTOMER" ? "APPROVED" : "PENDING",
          company: input.company,
          phone: input.phone,
        })
        .returning();
      await sendVerificationEmail(user);
      if (user.userStatus === "PENDING") await notifyRegistrationRequest(user);
      return user;
    }),
  );
  return toPublicUser(created);
}

/** 409 naming each field that is taken (docs/roles-and-accounts.md#sign-up). */
export async function assertIdentityFree(userId: string, email: string) {
  const details: Record<string, string[]> = {};
  if (await userIdTaken(userId)) details.userId = ["This user ID is taken"];
  if (await emailTaken(email)) details.email = ["An account with this email exists"];
  if (Object.keys(details).length)
    throw conflict("That user ID or email is already registered", details);
}

/** Two sign-ups racing past the check above still meet the unique index: answer 409, not 500. */
export async function insertUnique<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("That user ID or email is already registered");
    throw error;
  }
}
