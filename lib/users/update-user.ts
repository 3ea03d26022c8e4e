import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users, type User } from "@/db/schema";
import { assignBacklog, releaseEngineerTickets } from "@/lib/assignment/assign";
import type { Actor } from "@/lib/auth/actor";
import { revokeUserTokens } from "@/lib/auth/user-tokens";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { notifyAccountDecision, sendVerificationEmail } from "@/lib/notifications/account-emails";
import type { UpdateUserInput } from "@/lib/validation/users";
import { approvedAdminCount, emailTaken, findUserById, findUserByUserId } from "./find-user";
import { insertUnique } from "./sign-up";
import { toPublicUser } from "./public-user";

export const LAST_ADMIN_MESSAGE = "This is the last approved admin: approve another admin first";

const isApprovedEngineer = (u: Pick<User, "userType" | "userStatus" | "deactivatedAt">) =>
  u.userType === "ENGINEER" && u.userStatus === "APPROVED" && !u.deactivatedAt;

const isApprovedAdmin = (u: Pick<User, "userType" | "userStatus">) =>
  u.userType === "ADMIN" && u.userStatus === "APPROVED";

/**
 * PUT/PATCH /users/:userId (docs/roles-and-accounts.md#changing-roles-and-statuses). Users edit their own name, email, phone and company;
 * only admins change role and status. Promotion to ADMIN waits for approval (PENDING), and the
 * last approved admin can't lose that standing. An engineer who is approved takes the unassigned
 * backlog; one who is rejected or demoted gives their active tickets back to be reassigned.
 * Any change of role or status ends the user's earlier sessions and tokens (the trigger
 * users_standing_ends_sessions moves the session version in this same statement).
 * Checks and writes share one transaction, which takes the assignment lock (`assigns`): it may
 * change who can be assigned, and it serializes changes of standing, so the last-admin rule never
 * reads a count a concurrent change made stale.
 */
export async function updateUser(actor: Actor, userId: string, input: UpdateUserInput) {
  const found = await findUserByUserId(userId);
  const actorIsAdmin = actor.userType === "ADMIN";
  if (!found || (!actorIsAdmin && found.id !== actor.id)) throw notFound("No such user");
  if (!actorIsAdmin && (input.userType !== undefined || input.userStatus !== undefined)) {
    throw forbidden("Only an admin can change a role or status");
  }
  if (input.email !== undefined && (await emailTaken(input.email, found.id))) {
    throw conflict("That email belongs to another account", {
      email: ["An account with this email exists"],
    });
  }

  const updated = await writeTransaction(
    async () => {
      // Read again inside the transaction: the row may have changed since the lookup above.
      const target = await findUserById(found.id);
      if (!target) throw notFound("No such user");
      const changes: Partial<User> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.phone !== undefined) changes.phone = input.phone;
      if (input.company !== undefined) changes.company = input.company;
      if (input.email !== undefined && input.email !== target.email) {
        changes.email = input.email;
        changes.emailVerifiedAt = null;
        // A new address has not bounced (docs/email.md#loops-bounces-and-duplicates).
        changes.emailBouncedAt = null;
      }
      if (input.userType !== undefined) changes.userType = input.userType;
      if (input.userStatus !== undefined) changes.userStatus = input.userStatus;
      // A promotion to ADMIN is only a request until an approved admin approves it.
      if (input.userType === "ADMIN" && target.userType !== "ADMIN") changes.userStatus = "PENDING";

      const next = { ...target, ...changes };
      if (isApprovedAdmin(target) && !isApprovedAdmin(next) && (await approvedAdminCount()) <= 1) {
        throw conflict(LAST_ADMIN_MESSAGE);
      }
      const [saved] = await insertUnique(() =>
        getDb()
          .update(users)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(users.id, target.id))
          .returning(),
      );
      // Tickets follow the engineer's standing (docs/tickets.md#assignment), in this same transaction.
      const wasEngineer = isApprovedEngineer(target);
      const isEngineer = isApprovedEngineer(saved);
      if (wasEngineer && !isEngineer) await releaseEngineerTickets(saved, actor.id);
      if (!wasEngineer && isEngineer) await assignBacklog();
      if (changes.email) {
        // Links sent to the old address stop working: they must not set the password any more.
        await revokeUserTokens(saved.id, "reset-password");
        await revokeUserTokens(saved.id, "invite");
        await sendVerificationEmail(saved);
      }
      const decided = saved.userStatus !== target.userStatus ? saved.userStatus : null;
      if (saved.userType !== "CUSTOMER" && (decided === "APPROVED" || decided === "REJECTED")) {
        await notifyAccountDecision(saved, decided, actor.userId);
      }
      return saved;
    },
    { assigns: true },
  );
  return toPublicUser(updated);
}
