import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { greatest, nextMillisecond } from "@/db/dialect";
import { tickets, users } from "@/db/schema";
import {
  notifyNoEngineer,
  notifyTicketUpdated,
  type Person,
  type TicketChange,
} from "@/lib/notifications/ticket-emails";
import { recordEvents, type EventInput } from "@/lib/tickets/record-event";
import { isActive } from "@/lib/tickets/visibility";
import { ACTIVE_STATUSES } from "@/lib/tickets/statuses";

/**
 * Assignment (docs/tickets.md#assignment), written once: the choice (leastLoadedEngineer), the
 * bookkeeping of every change of assignee (recordAssignment: the engineer's place in the tie-break
 * and the timeline event) and the system's own hand-outs with their emails (assignBacklog,
 * releaseEngineerTickets). Creation, updates, accept and user changes all go through these.
 * Every function here runs inside the caller's write transaction, opened with `assigns: true`.
 */
export type Engineer = { id: number; userId: string };

/**
 * The approved, active engineer with the fewest working tickets (never a deactivated or deleted
 * account), ties to the one assigned least recently (never assigned counts as least recent), then
 * the oldest account. working_count is kept in the same transaction as every ticket write, and the
 * caller's transaction holds the assignment lock (SQLite's write lock; PostgreSQL's advisory lock),
 * so the count read here is never stale. With the name and address its emails need.
 */
export async function leastLoadedEngineer(): Promise<(Engineer & Person) | undefined> {
  const [engineer] = await leastLoaded({});
  return engineer;
}

const leastLoaded = preparedQuery((db) =>
  db
    .select({ id: users.id, userId: users.userId, name: users.name, email: users.email })
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
    .limit(1),
);

/**
 * Makes `engineerId` the most recently assigned engineer. The trigger stamps last_assigned_at with
 * the current millisecond, so two assignments in one millisecond tied and fell back to id order,
 * breaking "ties go to the one assigned least recently". Called by recordAssignment.
 */
async function markAssigned(engineerId: number) {
  await markAssignedQuery({ engineerId });
}

const markAssignedQuery = preparedQuery((db) => {
  const engineerId = sql.placeholder("engineerId");
  const epoch = sql.param(new Date(0), users.lastAssignedAt);
  const latestOther = sql`(select coalesce(max(${users.lastAssignedAt}), ${epoch}) from ${users}
    where ${users.userType} = 'ENGINEER' and ${ne(users.id, engineerId)})`;
  return db
    .update(users)
    .set({
      lastAssignedAt: greatest(
        sql`coalesce(${users.lastAssignedAt}, ${epoch})`,
        nextMillisecond(latestOther),
      ),
    })
    .where(eq(users.id, engineerId));
});

/**
 * The bookkeeping of one change of assignee, after the caller wrote the new assignee to the ticket
 * row (an insert, a conditional accept, an update with other fields): the new engineer becomes
 * the most recently assigned, and the timeline gets its `assigned` event. `actorId` is null for
 * the system's auto-assignment. Returns the change, for the caller's one update email (creation
 * sends its own).
 */
export async function recordAssignment(assignment: {
  ticketNumber: number;
  actorId: number | null;
  /** The previous assignee's userId; null from the pool. */
  from: string | null;
  /** The new assignee; null back to the pool. */
  to: Engineer | null;
  /** Events of the same change that come before it, in the same insert (creation's `created`). */
  preceding?: EventInput[];
}): Promise<TicketChange> {
  const { ticketNumber, actorId, from, to, preceding = [] } = assignment;
  if (to) await markAssigned(to.id);
  await recordEvents([
    ...preceding,
    {
      ticketNumber,
      actorId,
      type: "assigned",
      field: "assignee",
      oldValue: from,
      newValue: to?.userId ?? null,
    },
  ]);
  return { field: "assignee", from, to: to?.userId ?? null };
}

/**
 * Gives an unassigned ticket to `engineer` on the system's behalf and tells the reporter and the
 * engineer (`previous`: whom the email names as the assignee before, when it was just released).
 */
async function handOut(ticketNumber: number, engineer: Engineer, previous: string | null) {
  await getDb()
    .update(tickets)
    .set({ assigneeId: engineer.id, updatedAt: new Date() })
    .where(eq(tickets.number, ticketNumber));
  const change = await recordAssignment({ ticketNumber, actorId: null, from: null, to: engineer });
  await notifyTicketUpdated(ticketNumber, null, [{ ...change, from: previous }]);
}

/**
 * The unassigned backlog, oldest first, goes out by the same rule (docs/tickets.md#assignment:
 * when an engineer is approved). Call inside the transaction that made the engineer available.
 */
export async function assignBacklog(): Promise<number> {
  const backlog = await getDb()
    .select({ number: tickets.number })
    .from(tickets)
    .where(and(isNull(tickets.assigneeId), isActive))
    .orderBy(asc(tickets.number));
  let assigned = 0;
  for (const { number } of backlog) {
    const engineer = await leastLoadedEngineer();
    if (!engineer) break;
    await handOut(number, engineer, null);
    assigned += 1;
  }
  return assigned;
}

/**
 * An engineer who is rejected, demoted or deleted gives back their active tickets: each returns to
 * the pool and is reassigned by the same rule (to whoever is still approved; with nobody left,
 * admins are told). Call inside the transaction that changed the engineer, after the change.
 */
export async function releaseEngineerTickets(engineer: Engineer, actorId: number | null) {
  const held = await getDb()
    .select({ number: tickets.number })
    .from(tickets)
    .where(and(eq(tickets.assigneeId, engineer.id), inArray(tickets.status, [...ACTIVE_STATUSES])))
    .orderBy(asc(tickets.number));
  for (const { number } of held) {
    await getDb()
      .update(tickets)
      .set({ assigneeId: null, updatedAt: new Date() })
      .where(eq(tickets.number, number));
    await recordAssignment({ ticketNumber: number, actorId, from: engineer.userId, to: null });
    const next = await leastLoadedEngineer();
    if (next) await handOut(number, next, engineer.userId);
    else await notifyNoEngineer(number);
  }
  return held.length;
}
