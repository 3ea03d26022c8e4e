import { and, eq, ne, sum } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ticketCounts } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";

/**
 * Active tickets no engineer holds (read off the trigger-kept ticket_counts, assignee 0): the
 * admin's badge, and the size of the pool engineers may take from
 * (docs/tickets.md#accepting-a-ticket), so staff alike may count it.
 */
export async function unassignedCount(actor: Actor): Promise<number> {
  requireRole(actor, "ADMIN", "ENGINEER");
  const [row] = await getDb()
    .select({ n: sum(ticketCounts.tickets).mapWith(Number) })
    .from(ticketCounts)
    .where(and(eq(ticketCounts.assignee, 0), ne(ticketCounts.tickets, 0)));
  return row?.n ?? 0;
}
