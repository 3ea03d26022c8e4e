import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { releaseEngineerTickets } from "@/lib/assignment/assign";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { approvedAdminCount, findUserById, findUserByUserId } from "./find-user";
import { LAST_ADMIN_MESSAGE } from "./update-user";

export const DELETED_EMAIL_DOMAIN = "deleted.invalid";

/**
 * Admins delete a user. The row stays (marked deleted, unable to sign in, email freed) so the
 * tickets and history that name them stay whole; their userId stays reserved.
 */
export async function deleteUser(actor: Actor, userId: string) {
  requireRole(actor, "ADMIN");
  const found = await findUserByUserId(userId);
  if (!found) throw notFound("No such user");
  // `assigns`: a deleted engineer leaves the pool of assignees (docs/tickets.md#assignment). It
  // also serializes this with every other change of standing, so the last-admin rule reads a count
  // no concurrent demotion or deletion can make stale.
  await writeTransaction(
    async () => {
      // Read again under the lock: the row may have changed since the lookup above.
      const target = await findUserById(found.id);
      if (!target) throw notFound("No such user");
      if (
        target.userType === "ADMIN" &&
        target.userStatus === "APPROVED" &&
        (await approvedAdminCount()) <= 1
      ) {
        throw conflict(LAST_ADMIN_MESSAGE);
      }
      const now = new Date();
      await getDb()
        .update(users)
        .set({
          deletedAt: now,
          updatedAt: now,
          email: deletedPlaceholderEmail(target.id),
          passwordHash: "!",
          sessionVersion: sql`${users.sessionVersion} + 1`,
        })
        .where(eq(users.id, target.id));
      if (target.userType === "ENGINEER") await releaseEngineerTickets(target, actor.id);
    },
    { assigns: true },
  );
}

/**
 * The address a deleted user keeps, freeing theirs. It is under the reserved `.invalid` domain that
 * no account may sign up with (lib/validation/users.ts), and carries the row's id and a random
 * part, so it collides neither with a live account nor with an earlier placeholder.
 */
export function deletedPlaceholderEmail(id: number): string {
  return `deleted-${id}-${randomBytes(8).toString("hex")}@${DELETED_EMAIL_DOMAIN}`;
}
