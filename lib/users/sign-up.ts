import { getDb, writeTransaction } from "@/db/client";
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
          userType: input.userType,
          userStatus: input.userType === "CUSTOMER" ? "APPROVED" : "PENDING",
          company: input.company,
          phone: input.phone,
        })
        .returning()
        .get();
      sendVerificationEmail(user);
      if (user.userStatus === "PENDING") notifyRegistrationRequest(user);
      return user;
    }),
  );
  return toPublicUser(created);
}

export function assertIdentityFree(userId: string, email: string) {
  const details: Record<string, string[]> = {};
  if (userIdTaken(userId)) details.userId = ["This user ID is taken"];
  if (emailTaken(email)) details.email = ["An account with this email exists"];
  if (Object.keys(details).length)
    throw conflict("That user ID or email is already registered", details);
}

/** Two sign-ups racing past the check above still meet the unique index: answer 409, not 500. */
export function insertUnique<T>(insert: () => T): T {
  try {
    return insert();
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) {
      throw conflict("That user ID or email is already registered");
    }
    throw error;
  }
}
