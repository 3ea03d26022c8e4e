import type { User } from "@/db/schema";
import { issueUserToken, TOKEN_LIFETIME_MS } from "@/lib/auth/user-tokens";
import { env } from "@/lib/env";
import { enqueueEach } from "./outbox";
import { adminEmails } from "./ticket-emails";

/** Account emails of SPEC §2 and §5. Each runs inside the transaction of the change that causes it. */

export function sendVerificationEmail(user: User) {
  const token = issueUserToken(user, "verify-email");
  enqueueEach([user.email], () => ({
    template: "verify-email" as const,
    data: { name: user.name, url: `${env().APP_URL}/verify-email?token=${token}` },
    requester: "system",
  }));
}

export function sendPasswordResetEmail(user: User) {
  const token = issueUserToken(user, "reset-password");
  enqueueEach([user.email], () => ({
    template: "password-reset" as const,
    data: {
      name: user.name,
      url: `${env().APP_URL}/reset-password?token=${token}`,
      expiresInMinutes: TOKEN_LIFETIME_MS["reset-password"] / 60_000,
    },
    requester: "system",
  }));
}

/** An imported customer sets their first password from this link (valid a week). */
export function sendInvitationEmail(user: User, invitedBy: string) {
  const token = issueUserToken(user, "invite");
  enqueueEach([user.email], () => ({
    template: "invitation" as const,
    data: {
      name: user.name,
      userId: user.userId,
      url: `${env().APP_URL}/reset-password?token=${token}`,
      expiresInDays: TOKEN_LIFETIME_MS.invite / 86_400_000,
    },
    requester: invitedBy,
  }));
}

/** Admins hear of every engineer who signs up (the badge on their dashboard shows it too). */
export function notifyRegistrationRequest(user: User) {
  enqueueEach(adminEmails(), () => ({
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
export function notifyAccountDecision(user: User, decision: "APPROVED" | "REJECTED", by: string) {
  enqueueEach([user.email], () => ({
    template: "account-decision" as const,
    data: { name: user.name, decision, role: user.userType, signinUrl: `${env().APP_URL}/signin` },
    requester: by,
  }));
}
