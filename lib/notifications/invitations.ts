import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { run } from "@/db/client";
import { jsonRows } from "@/db/dialect";
import type { User } from "@/db/schema";
import { TOKEN_LIFETIME_MS } from "@/lib/auth/user-tokens";
import { env } from "@/lib/env";
import { newRequestId, wakeOutbox } from "@/lib/notifications/outbox";
import { sealSecretLink } from "@/lib/notifications/secret-links";
import { subjectFor, type EmailOf } from "@/lib/notifications/templates";

type Invitee = Pick<User, "id" | "userId" | "name" | "email">;

/** Rows per INSERT: each statement binds one JSON document of this many rows. */
const ROWS_PER_INSERT = 1000;

const TOKEN_FIELDS = {
  user_id: "integer",
  token_hash: "text",
  email: "text",
  expires_at: "timestamp",
} as const;
const EMAIL_FIELDS = {
  request_id: "text",
  data: "text",
  subject: "text",
  recipient_emails: "text",
} as const;

/**
 * Invitations for customers who have no password yet (added by an admin, or imported;
 * docs/crm.md#import): a single-use "invite" token (only its SHA-256 stored, valid 7 days) and an
 * outbox row (template "invitation", one recipient, requested by the admin). `inviteAll` writes a
 * whole chunk of an import in two INSERT … SELECT statements over one JSON parameter each
 * (db/dialect.ts jsonRows), so an import of 50,000 customers writes its invitations in a few
 * seconds; `sendInvitationEmail` uses `invite` for one customer.
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
      const tokens: { user_id: number; token_hash: string; email: string; expires_at: Date }[] = [];
      const emails: {
        request_id: string;
        data: string;
        subject: string;
        recipient_emails: string;
      }[] = [];
      for (const user of chunk) {
        const token = randomBytes(32).toString("base64url");
        const tokenHash = createHash("sha256").update(token).digest("hex");
        tokens.push({
          user_id: user.id,
          token_hash: tokenHash,
          email: user.email,
          expires_at: expiresAt,
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
          request_id: newRequestId(),
          data: JSON.stringify(sealSecretLink(email)),
          subject: subjectFor(email),
          recipient_emails: JSON.stringify([user.email]),
        });
      }
      // Sequential: inside one transaction the writes share one connection.
      await run(sql`insert into user_tokens (user_id, purpose, token_hash, email, expires_at)
        select t.user_id, 'invite', t.token_hash, t.email, t.expires_at
        from ${jsonRows("t", TOKEN_FIELDS, tokens)}`);
      await run(sql`insert into notifications
          (request_id, template, data, subject, recipient_emails, requester)
        select n.request_id, 'invitation', n.data, n.subject, n.recipient_emails, ${invitedBy}
        from ${jsonRows("n", EMAIL_FIELDS, emails)}`);
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
