import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";

/**
 * Approved, active engineers with their working counts: for reassignment and the admin's load view
 * (a deactivated account can't be assigned, so it isn't offered).
 */
export async function listApprovedEngineers(actor: Actor) {
  requireRole(actor, "ADMIN");
  return getDb()
    .select({ userId: users.userId, name: users.name, workingCount: users.workingCount })
    .from(users)
    .where(
      and(
        eq(users.userType, "ENGINEER"),
        eq(users.userStatus, "APPROVED"),
        isNull(users.deletedAt),
        isNull(users.deactivatedAt),
      ),
    )
    .orderBy(asc(users.name));
}
