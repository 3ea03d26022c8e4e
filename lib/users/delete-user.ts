import { eq, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { releaseEngineerTickets } from "@/lib/assignment/assign";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { approvedAdminCount, findUserByUserId } from "./find-user";
import { LAST_ADMIN_MESSAGE } from "./update-user";

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
        email: `deleted-${target.id}@deleted.invalid`,
        passwordHash: "!",
        sessionVersion: sql`${users.sessionVersion} + 1`,
      })
      .where(eq(users.id, target.id))
      .run();
    if (target.userType === "ENGINEER") releaseEngineerTickets(target, actor.id);
  });
}
