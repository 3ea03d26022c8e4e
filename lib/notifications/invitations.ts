import { createHash, randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { notifications, userTokens, type User } from "@/db/schema";
import { TOKEN_LIFETIME_MS } from "@/lib/auth/user-tokens";
import { env } from "@/lib/env";
import { newRequestId, wakeOutbox } from "@/lib/notifications/outbox";
import { sealSecretLink } from "@/lib/notifications/secret-links";
import { subjectFor, type EmailOf } from "@/lib/notifications/templates";

type Invitee = Pick<User, "id" | "userId" | "name" | "email">;

/**
 * Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters (a notifications row
 * binds about 15) and PostgreSQL's 65,535.
 */
const ROWS_PER_INSERT = 500;

/**
 * Invitations for customers who have no password yet (added by an admin, or imported;
 * docs/crm.md#import): a single-use "invite" token (only its SHA-256 stored, valid 7 days) and an
 * outbox row (template "invitation", one recipient, requested by the admin). `inviteAll` writes a
 * whole chunk of an import in a few multi-row INSERTs (one statement per row would cost an import
 * of 50,000 customers tens of seconds); `sendInvitationEmail` uses `invite` for one customer.
 *
 * Brand-new users have no earlier invite to revoke; `sendInvitationEmail` revokes first. Call
 * `invite`/`inviteAll` inside the transaction that creates the customers, then `done()` after it.
 */
export function invitationWriter(invitedBy: string) {
  const lifetime = TOKEN_LIFETIME_MS.invite;
  const appUrl = env().APP_URL;
  let written = 0;

  async function inviteAll(invitees: readonly Invitee[]) {
    for (let start = 0; start < invitees.length; start += ROWS_PER_INSERT) {
      const chunk = invitees.slice(start, start + ROWS_PER_INSERT);
      const expiresAt = new Date(Date.now() + lifetime);
      const tokens: (typeof userTokens.$inferInsert)[] = [];
      const emails: (typeof notifications.$inferInsert)[] = [];
      for (const user of chunk) {
        const token = randomBytes(32).toString("base64url");
        const tokenHash = createHash("sha256").update(token).digest("hex");
        tokens.push({
          userId: user.id,
          purpose: "invite",
          tokenHash,
          email: user.email,
          expiresAt,
        });
        const email: EmailOf<"invitation"> = {
          template: "invitation",
          data: {
            name: user.name,
            userId: user.userId,
            url: `${appUrl}/reset-password?token=${token}`,
            expiresInDays: lifetime / 86_400_000,
          },
        };
        emails.push({
          requestId: newRequestId(),
          template: "invitation",
          data: JSON.stringify(sealSecretLink(email)),
          subject: subjectFor(email),
          recipientEmails: JSON.stringify([user.email]),
          requester: invitedBy,
        });
      }
      // Sequential: inside one transaction the writes share one connection.
      const db = getDb();
      await db.insert(userTokens).values(tokens);
      await db.insert(notifications).values(emails);
      written += chunk.length;
    }
  }

  return {
    inviteAll,
    invite: (user: Invitee) => inviteAll([user]),
    /** After the commit: the outbox worker of this process sends them now, not at its next poll. */
    done() {
      if (written) wakeOutbox();
    },
  };
}
