import {
  and,
  asc,
  count,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  sql,
  type Column,
} from "drizzle-orm";
import { getDb } from "@/db/client";
import { epochMillis } from "@/db/dialect";
import { tickets, users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { unassignedCount } from "@/lib/tickets/counts";
import { isActive } from "@/lib/tickets/visibility";
import { pendingRequestCount } from "@/lib/users/list-users";
import type { EngineerLoad, Overview } from "@/lib/validation/reports";

export type { EngineerLoad, Overview, OverviewDay } from "@/lib/validation/reports";

const DAY_MS = 86_400_000;
/** The overview's window: today and the 29 days before it (UTC days). */
export const OVERVIEW_DAYS = 30;

/**
 * The admin's overview (docs/reports.md#the-admin-overview). Every number is read off an index range, so the cost follows
 * the size of the 30-day window and the active set, never the whole table: status counts off
 * tickets_status_idx, the pool off its partial index, working counts off users (trigger-kept),
 * blocked per engineer off tickets_assignee_idx, and the window off tickets_created_idx and
 * tickets_resolved_idx (only the window's rows are read to take the medians).
 */
export async function adminOverview(actor: Actor, now = new Date()): Promise<Overview> {
  requireRole(actor, "ADMIN");
  const today = Math.floor(now.getTime() / DAY_MS);
  const firstDay = today - (OVERVIEW_DAYS - 1);
  // The window's UTC day boundaries, computed here and bound as parameters.
  const start = new Date(firstDay * DAY_MS);
  const end = new Date((today + 1) * DAY_MS);

  // Independent reads: on PostgreSQL they run side by side on the pool.
  const [statusRows, unassigned, engineers, created, resolved, pendingRequests] = await Promise.all(
    [
      getDb()
        .select({ status: tickets.status, n: count() })
        .from(tickets)
        .where(isActive)
        .groupBy(tickets.status),
      unassignedCount(actor),
      engineerLoads(),
      // Every ticket created in the window (waiting ones counted, but kept out of the medians).
      waitsByDay(tickets.createdAt, tickets.firstStaffReplyAt, "other - at", start, end),
      waitsByDay(tickets.resolvedAt, tickets.createdAt, "at - other", start, end),
      pendingRequestCount(actor),
    ],
  );
  const byStatus = new Map(statusRows.map((r) => [r.status, r.n]));
  const open = byStatus.get("OPEN") ?? 0;
  const inProgress = byStatus.get("IN_PROGRESS") ?? 0;
  const blocked = byStatus.get("BLOCKED") ?? 0;

  return {
    generatedAt: now.toISOString(),
    window: { from: dayString(firstDay), to: dayString(today), days: OVERVIEW_DAYS },
    tickets: {
      active: open + inProgress + blocked,
      open,
      inProgress,
      blocked,
      unassigned,
    },
    engineers,
    days: created.days.map((day, i) => ({
      day: dayString(firstDay + i),
      created: day.count,
      resolved: resolved.days[i].count,
      medianFirstReplyMs: median(day.waits),
      medianResolutionMs: median(resolved.days[i].waits),
    })),
    medians: {
      firstReplyMs: median(created.waits),
      repliedTickets: created.waits.length,
      awaitingReply: created.count - created.waits.length,
      resolutionMs: median(resolved.waits),
      resolvedTickets: resolved.waits.length,
    },
    pendingRequests,
  };
}

/** Approved engineers with their working (trigger-kept), blocked and active counts, busiest first. */
async function engineerLoads(): Promise<EngineerLoad[]> {
  const db = getDb();
  const approvedEngineer = and(
    eq(users.userType, "ENGINEER"),
    eq(users.userStatus, "APPROVED"),
    isNull(users.deletedAt),
  );
  const engineers = await db
    .select({ id: users.id, userId: users.userId, name: users.name, working: users.workingCount })
    .from(users)
    .where(approvedEngineer)
    .orderBy(asc(users.id));
  const blockedRows = await db
    .select({ id: tickets.assigneeId, n: count() })
    .from(tickets)
    .where(
      and(
        isNotNull(tickets.assigneeId),
        inArray(
          tickets.assigneeId,
          db.select({ id: users.id }).from(users).where(approvedEngineer),
        ),
        sql`${tickets.status} = 'BLOCKED'`,
      ),
    )
    .groupBy(tickets.assigneeId);
  const blocked = new Map(blockedRows.map((r) => [r.id, r.n]));
  return engineers
    .map((e) => {
      const b = blocked.get(e.id) ?? 0;
      return {
        userId: e.userId,
        name: e.name,
        working: e.working,
        blocked: b,
        active: e.working + b,
      };
    })
    .sort((a, b) => b.active - a.active || a.userId.localeCompare(b.userId));
}

/**
 * The median (the mean of the middle two for an even count); null for no values. Found by
 * selection, not sorting: linear on average, which matters for a window of tens of thousands.
 */
export function median(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const a = Float64Array.from(values);
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2) return upper;
  // After selecting, everything left of `mid` is <= a[mid]: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Hoare's quickselect: reorders `a` so that a[k] is the k-th smallest, and returns it. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

type Waits = { count: number; waits: number[] };

/**
 * The rows whose `at` falls in the window, counted per UTC day, with their waits per day and in
 * all: `other - at` (first reply: reply after creation) or `at - other` (resolution: resolved after
 * creation), at least 0, none while `other` is unset. Both timestamps are read as plain numbers
 * (epochMillis) off the index whose second column is `other` (migration 0007), so the window's
 * tens of thousands of rows cost no Date per value.
 */
async function waitsByDay(
  at: Column,
  other: Column,
  wait: "other - at" | "at - other",
  start: Date,
  end: Date,
): Promise<Waits & { days: Waits[] }> {
  const rows = await getDb()
    .select({ at: epochMillis(at), other: epochMillis(other) })
    .from(tickets)
    .where(and(gte(at, start), lt(at, end)));
  const days = Array.from({ length: OVERVIEW_DAYS }, (): Waits => ({ count: 0, waits: [] }));
  const waits: number[] = [];
  const from = start.getTime();
  for (const row of rows) {
    const at = Number(row.at);
    const day = days[Math.floor((at - from) / DAY_MS)];
    day.count += 1;
    if (row.other === null) continue;
    const ms = Math.max(wait === "other - at" ? Number(row.other) - at : at - Number(row.other), 0);
    day.waits.push(ms);
    waits.push(ms);
  }
  return { count: rows.length, waits, days };
}

const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
