import { and, count, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { isActive } from "./visibility";

/**
 * Active tickets no engineer holds (read off the pool's partial index): the admin's badge, and the
 * size of the pool engineers may take from (docs/tickets.md#accepting-a-ticket), so staff alike may count it.
 */
export async function unassignedCount(actor: Actor): Promise<number> {
  requireRole(actor, "ADMIN", "ENGINEER");
  const [row] = await getDb()
    .select({ n: count() })
    .from(tickets)
    .where(and(isNull(tickets.assigneeId), isActive));
  return row?.n ?? 0;
}
