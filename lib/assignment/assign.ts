import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets, users } from "@/db/schema";
import { notifyNoEngineer, notifyTicketUpdated } from "@/lib/notifications/ticket-emails";
import { recordEvent } from "@/lib/tickets/record-event";
import { isActive } from "@/lib/tickets/visibility";
import { ACTIVE_STATUSES } from "@/lib/tickets/statuses";

/**
 * Auto-assignment (docs/tickets.md#assignment): the approved, active engineer with the fewest working tickets (never a
 * deactivated or deleted account), ties to the one
 * assigned least recently (never assigned counts as least recent), then the oldest account.
 * working_count is kept by triggers in the same transaction as every ticket write, so reading it
 * here, inside the caller's synchronous transaction, never sees a stale count.
 */
export function leastLoadedEngineer(): { id: number; userId: string } | undefined {
  return getDb()
    .select({ id: users.id, userId: users.userId })
    .from(users)
    .where(
      and(
        eq(users.userType, "ENGINEER"),
        eq(users.userStatus, "APPROVED"),
        isNull(users.deletedAt),
        isNull(users.deactivatedAt),
      ),
    )
    .orderBy(asc(users.workingCount), sql`${users.lastAssignedAt} asc nulls first`, asc(users.id))
    .limit(1)
    .get();
}

/**
 * Makes `engineerId` the most recently assigned engineer. The trigger stamps last_assigned_at with
 * the current millisecond, so two assignments in one millisecond tied and fell back to id order,
 * breaking "ties go to the one assigned least recently". Call right after an assignment, in its
 * transaction.
 */
export function markAssigned(engineerId: number) {
  getDb().run(sql`update users set last_assigned_at = max(
      coalesce(last_assigned_at, 0),
      (select coalesce(max(last_assigned_at), 0) + 1 from users
        where user_type = 'ENGINEER' and id <> ${engineerId}))
    where id = ${engineerId}`);
}

/**
 * Gives one unassigned ticket to the least-loaded engineer and tells the reporter and the engineer;
 * returns who got it. With nobody approved, admins are told instead.
 */
function assignToLeastLoaded(ticketNumber: number, previous: string | null = null) {
  const engineer = leastLoadedEngineer();
  if (!engineer) {
    notifyNoEngineer(ticketNumber);
    return undefined;
  }
  getDb()
    .update(tickets)
    .set({ assigneeId: engineer.id, updatedAt: new Date() })
    .where(eq(tickets.number, ticketNumber))
    .run();
  markAssigned(engineer.id);
  recordEvent({
    ticketNumber,
    actorId: null,
    type: "assigned",
    field: "assignee",
    oldValue: null,
    newValue: engineer.userId,
  });
  notifyTicketUpdated(ticketNumber, null, [
    { field: "assignee", from: previous, to: engineer.userId },
  ]);
  return engineer;
}

/**
 * The unassigned backlog, oldest first, goes out by the same rule (docs/tickets.md#assignment:
 * when an engineer is approved). Call inside the transaction that made the engineer available.
 */
export function assignBacklog(): number {
  const backlog = getDb()
    .select({ number: tickets.number })
    .from(tickets)
    .where(and(isNull(tickets.assigneeId), isActive))
    .orderBy(asc(tickets.number))
    .all();
  let assigned = 0;
  for (const { number } of backlog) {
    if (!leastLoadedEngineer()) break;
    assignToLeastLoaded(number);
    assigned += 1;
  }
  return assigned;
}

/**
 * An engineer who is rejected, demoted or deleted gives back their active tickets: each returns to
 * the pool and is reassigned by the same rule (to whoever is still approved). Call inside the
 * transaction that changed the engineer, after the change.
 */
export function releaseEngineerTickets(
  engineer: { id: number; userId: string },
  actorId: number | null,
) {
  const held = getDb()
    .select({ number: tickets.number })
    .from(tickets)
    .where(and(eq(tickets.assigneeId, engineer.id), inArray(tickets.status, [...ACTIVE_STATUSES])))
    .orderBy(asc(tickets.number))
    .all();
  for (const { number } of held) {
    getDb()
      .update(tickets)
      .set({ assigneeId: null, updatedAt: new Date() })
      .where(eq(tickets.number, number))
      .run();
    recordEvent({
      ticketNumber: number,
      actorId,
      type: "assigned",
      field: "assignee",
      oldValue: engineer.userId,
      newValue: null,
    });
    assignToLeastLoaded(number, engineer.userId);
  }
  return held.length;
}
