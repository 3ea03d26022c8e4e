import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { isUniqueViolation } from "@/db/dialect";
import { users, type User } from "@/db/schema";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { freeUserIdFromEmail } from "@/lib/crm/customer-changes";
import { recordCustomerEvent } from "@/lib/crm/customers";
import { env } from "@/lib/env";
import { sendInvitationEmail } from "@/lib/notifications/account-emails";
import { enqueueEmail } from "@/lib/notifications/outbox";

/**
 * Who writes in (docs/email.md#who-may-write-in): an address without an account becomes a customer
 * (approved, unverified, invited to choose a password) when INBOUND_UNKNOWN_SENDERS=create.
 */
export async function customerFromEmail(
  address: string,
  displayName: string | null,
): Promise<User> {
  const email = address.toLowerCase();
  const name = (displayName?.replace(/["<>]/g, "").trim() || email.split("@")[0]).slice(0, 100);
  for (let attempt = 0; ; attempt++) {
    const userId = await freeUserIdFromEmail(email);
    try {
      return await writeTransaction(async () => {
        const [row] = await getDb()
          .insert(users)
          .values({
            userId,
            name,
            email,
            passwordHash: NO_PASSWORD_YET,
            userType: "CUSTOMER",
            userStatus: "APPROVED",
          })
          .returning();
        await recordCustomerEvent({
          userId: row.id,
          actorId: null,
          type: "created",
          newValue: "by email",
        });
        await sendInvitationEmail(row, "system");
        await recordCustomerEvent({
          userId: row.id,
          actorId: null,
          type: "invited",
          newValue: row.email,
        });
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      // Another message from the same new sender made the account first: use it.
      const [existing] = await getDb().select().from(users).where(eq(users.email, email)).limit(1);
      if (existing) return existing;
    }
  }
}

/** One polite answer to mail that opens nothing. Auto-replies never get one (they are ignored first). */
export async function sendRefusal(
  address: string,
  subject: string | null,
  reason: "unknown" | "inactive",
) {
  await writeTransaction(
    async () =>
      await enqueueEmail({
        template: "email-refused",
        data: { reason, subject, signupUrl: `${env().APP_URL}/signup` },
        to: [address],
        requester: "system",
      }),
  );
}
