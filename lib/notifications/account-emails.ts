import type { User } from "@/db/schema";
import { issueUserToken, revokeUserTokens, TOKEN_LIFETIME_MS } from "@/lib/auth/user-tokens";
import { env } from "@/lib/env";
import { enqueueEach } from "./outbox";
import { invitationWriter } from "./invitations";
import { adminEmails } from "./ticket-emails";

/** Account emails (docs/notifications.md#who-is-emailed). Each runs inside the transaction of the change that causes it. */

export async function sendVerificationEmail(user: User) {
  const token = await issueUserToken(user, "verify-email");
  await enqueueEach([user.email], () => ({
    template: "verify-email" as const,
    data: { name: user.name, url: `${env().APP_URL}/verify-email?token=${token}` },
    requester: "system",
  }));
}

export async function sendPasswordResetEmail(user: User) {
  const token = await issueUserToken(user, "reset-password");
  await enqueueEach([user.email], () => ({
    template: "password-reset" as const,
    data: {
      name: user.name,
      url: `${env().APP_URL}/reset-password?token=${token}`,
      expiresInMinutes: TOKEN_LIFETIME_MS["reset-password"] / 60_000,
    },
    requester: "system",
  }));
}

/** A customer without a password chooses one from this link (valid a week); earlier links stop. */
export async function sendInvitationEmail(user: User, invitedBy: string) {
  await revokeUserTokens(user.id, "invite");
  const writer = invitationWriter(invitedBy);
  await writer.invite(user);
  writer.done();
}

/** Admins hear of every engineer who signs up (the badge on their dashboard shows it too). */
export async function notifyRegistrationRequest(user: User) {
  await enqueueEach(await adminEmails(), () => ({
    template: "registration-request" as const,
    data: {
      name: user.name,
      userId: user.userId,
      email: user.email,
      reviewUrl: `${env().APP_URL}/admin/requests`,
    },
    requester: user.userId,
  }));
}

/** The engineer (or promoted admin) hears the decision on their request. */
export async function notifyAccountDecision(
  user: User,
  decision: "APPROVED" | "REJECTED",
  by: string,
) {
  await enqueueEach([user.email], () => ({
    template: "account-decision" as const,
    data: { name: user.name, decision, role: user.userType, signinUrl: `${env().APP_URL}/signin` },
    requester: by,
  }));
}
