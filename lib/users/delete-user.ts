import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { releaseEngineerTickets } from "@/lib/assignment/assign";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { approvedAdminCount, findUserByUserId } from "./find-user";
import { LAST_ADMIN_MESSAGE } from "./update-user";

export const DELETED_EMAIL_DOMAIN = "deleted.invalid";

/**
 * Admins delete a user. The row stays (marked deleted, unable to sign in, email freed) so the
 * tickets and history that name them stay whole; their userId stays reserved.
 */
export function deleteUser(actor: Actor, userId: string) {
  requireRole(actor, "ADMIN");
  const target = findUserByUserId(userId);
  if (!target) throw notFound("No such user");
  const db = getDb();
  writeTransaction(() => {
    if (
      target.userType === "ADMIN" &&
      target.userStatus === "APPROVED" &&
      approvedAdminCount() <= 1
    ) {
      throw conflict(LAST_ADMIN_MESSAGE);
    }
    const now = new Date();
    db.update(users)
      .set({
        deletedAt: now,
        updatedAt: now,
        email: deletedPlaceholderEmail(target.id),
        passwordHash: "!",
        sessionVersion: sql`${users.sessionVersion} + 1`,
      })
      .where(eq(users.id, target.id))
      .run();
    if (target.userType === "ENGINEER") releaseEngineerTickets(target, actor.id);
  });
}

/**
 * The address a deleted user keeps, freeing theirs. It is under the reserved `.invalid` domain that
 * no account may sign up with (lib/validation/users.ts), and carries the row's id and a random
 * part, so it collides neither with a live account nor with an earlier placeholder.
 */
export function deletedPlaceholderEmail(id: number): string {
  return `deleted-${id}-${randomBytes(8).toString("hex")}@${DELETED_EMAIL_DOMAIN}`;
}
