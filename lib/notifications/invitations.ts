import { createHash, randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import type { User } from "@/db/schema";
import { TOKEN_LIFETIME_MS } from "@/lib/auth/user-tokens";
import { env } from "@/lib/env";
import { newRequestId, wakeOutbox } from "@/lib/notifications/outbox";
import { sealSecretLink } from "@/lib/notifications/secret-links";
import { subjectFor, type EmailOf } from "@/lib/notifications/templates";

/**
 * Invitations for customers who have no password yet (added by an admin, or imported): a
 * single-use "invite" token (only its SHA-256 stored, valid 7 days) and an outbox row (template
 * "invitation", one recipient, requested by the admin), through statements prepared once, so an
 * import of 50,000 customers writes its invitations in well under a second (through the ORM each
 * costs ~0.3 ms). `sendInvitationEmail` uses the same writer for one customer.
 *
 * Brand-new users have no earlier invite to revoke; `sendInvitationEmail` revokes first. Call
 * inside the transaction that creates the customers, then `done()`.
 */
export function invitationWriter(invitedBy: string) {
  const client = getDb().$client;
  const insertToken = client.prepare<[number, string, string, number], void>(
    `insert into user_tokens (user_id, purpose, token_hash, email, expires_at)
     values (?, 'invite', ?, ?, ?)`,
  );
  const insertEmail = client.prepare<[string, string, string, string, string], void>(
    `insert into notifications (request_id, template, data, subject, recipient_emails, requester)
     values (?, 'invitation', ?, ?, ?, ?)`,
  );
  const lifetime = TOKEN_LIFETIME_MS.invite;
  const appUrl = env().APP_URL;
  let written = 0;
  return {
    invite(user: Pick<User, "id" | "userId" | "name" | "email">) {
      const token = randomBytes(32).toString("base64url");
      const hash = createHash("sha256").update(token).digest("hex");
      insertToken.run(user.id, hash, user.email, Date.now() + lifetime);
      const email: EmailOf<"invitation"> = {
        template: "invitation",
        data: {
          name: user.name,
          userId: user.userId,
          url: `${appUrl}/reset-password?token=${token}`,
          expiresInDays: lifetime / 86_400_000,
        },
      };
      insertEmail.run(
        newRequestId(),
        JSON.stringify(sealSecretLink(email)),
        subjectFor(email),
        JSON.stringify([user.email]),
        invitedBy,
      );
      written += 1;
    },
    /** After the commit: the outbox worker of this process sends them now, not at its next poll. */
    done() {
      if (written) wakeOutbox();
    },
  };
}
