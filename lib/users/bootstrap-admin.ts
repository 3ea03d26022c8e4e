import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { approvedAdminCount, findUserByUserId } from "./find-user";
import { logLines } from "@/lib/log.mjs";

/**
 * On first start, the first admin comes from ADMIN_USER_ID / ADMIN_EMAIL / ADMIN_PASSWORD. Without
 * a password, a strong one-time password is generated and printed once. Nothing happens when an
 * approved admin exists already.
 */
export async function bootstrapAdmin(log: (line: string) => void = logLines("info")) {
  if ((await approvedAdminCount()) > 0) return null;
  const e = env();
  if (await findUserByUserId(e.ADMIN_USER_ID)) {
    log(
      `[caseline] No approved admin, and the user "${e.ADMIN_USER_ID}" exists already: not creating one.`,
    );
    return null;
  }
  const generated = !e.ADMIN_PASSWORD;
  const password = e.ADMIN_PASSWORD || generatePassword();
  const passwordHash = await hashPassword(password);
  // Two instances starting at once on one PostgreSQL database both get here: the unique indexes
  // let one insert through and the other does nothing.
  const [admin] = await writeTransaction(
    async () =>
      await getDb()
        .insert(users)
        .values({
          userId: e.ADMIN_USER_ID,
          name: "Administrator",
          email: e.ADMIN_EMAIL.toLowerCase(),
          passwordHash,
          userType: "ADMIN",
          userStatus: "APPROVED",
          emailVerifiedAt: new Date(),
        })
        .onConflictDoNothing()
        .returning(),
  );
  if (!admin) return null;
  if (generated) {
    log(
      `[caseline] Created the first admin "${admin.userId}" with a one-time password: ${password}\n` +
        `[caseline] It is shown only this once: sign in and change it under Profile → Password.`,
    );
  } else {
    log(`[caseline] Created the first admin "${admin.userId}" from ADMIN_PASSWORD.`);
  }
  return admin;
}
