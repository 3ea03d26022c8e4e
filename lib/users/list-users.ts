import { and, count, desc, eq, isNull, lt, ne, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userCounts as kept, users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { decodeCursor, toPage } from "@/lib/pagination";
import type { ListUsersQuery } from "@/lib/validation/users";
import { toPublicUser } from "./public-user";
import { userTextMatch } from "./text-match";

/** A row id fits a 32-bit integer column: a forged cursor past it is a 400, not a PostgreSQL error. */
const isId = (v: unknown): v is number => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31;

/** Admins list users, newest first, filtered by role, status and text (GET /users, docs/api.md#endpoints). */
export async function listUsers(actor: Actor, query: ListUsersQuery) {
  requireRole(actor, "ADMIN");
  const after = decodeCursor(query.cursor, isId);
  const where: SQL[] = [isNull(users.deletedAt)];
  if (query.userType) where.push(eq(users.userType, query.userType));
  if (query.userStatus) where.push(eq(users.userStatus, query.userStatus));
  if (query.q) where.push(userTextMatch(query.q));
  if (after !== undefined) where.push(lt(users.id, after));
  const rows = await getDb()
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(desc(users.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, toPublicUser, (r) => r.id);
}

/** For the admin's badge: engineers (and promoted admins) waiting for a decision. */
export async function pendingRequestCount(actor: Actor): Promise<number> {
  requireRole(actor, "ADMIN");
  const [row] = await getDb()
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.userStatus, "PENDING"), isNull(users.deletedAt)));
  return row?.n ?? 0;
}

/** Counts per role and status for the admin dashboard. */
export async function userCounts(actor: Actor) {
  requireRole(actor, "ADMIN");
  // Off the trigger-kept user_counts (docs/reports.md#how-the-overview-stays-cheap).
  return getDb()
    .select({ userType: kept.userType, userStatus: kept.userStatus, n: kept.users })
    .from(kept)
    .where(ne(kept.users, 0));
}
