import { and, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { isActive } from "./visibility";

/** Active tickets no engineer holds: the admin's badge (read off the pool's partial index). */
export function unassignedCount(actor: Actor): number {
  requireRole(actor, "ADMIN");
  const row = getDb()
    .select({ n: sql<number>`count(*)` })
    .from(tickets)
    .where(and(isNull(tickets.assigneeId), isActive))
    .get();
  return row?.n ?? 0;
}
