import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
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
export function adminOverview(actor: Actor, now = new Date()): Overview {
  requireRole(actor, "ADMIN");
  const db = getDb();
  const today = Math.floor(now.getTime() / DAY_MS);
  const firstDay = today - (OVERVIEW_DAYS - 1);
  const window: WindowParams = { firstDay, start: firstDay * DAY_MS, end: (today + 1) * DAY_MS };

  const byStatus = new Map(
    db
      .select({ status: tickets.status, n: count() })
      .from(tickets)
      .where(isActive)
      .groupBy(tickets.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  const open = byStatus.get("OPEN") ?? 0;
  const inProgress = byStatus.get("IN_PROGRESS") ?? 0;
  const blocked = byStatus.get("BLOCKED") ?? 0;

  // Every ticket created in the window (waiting ones counted, but kept out of the medians).
  const created = waitsByDay(
    `select ${encode("created_at", "first_staff_reply_at - created_at")} from tickets
     where created_at >= @start and created_at < @end`,
    window,
  );
  const resolved = waitsByDay(
    `select ${encode("resolved_at", "resolved_at - created_at")} from tickets
     where resolved_at >= @start and resolved_at < @end`,
    window,
  );

  return {
    generatedAt: now.toISOString(),
    window: { from: dayString(firstDay), to: dayString(today), days: OVERVIEW_DAYS },
    tickets: {
      active: open + inProgress + blocked,
      open,
      inProgress,
      blocked,
      unassigned: unassignedCount(actor),
    },
    engineers: engineerLoads(),
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
    pendingRequests: pendingRequestCount(actor),
  };
}

/** Approved engineers with their working (trigger-kept), blocked and active counts, busiest first. */
function engineerLoads(): EngineerLoad[] {
  const db = getDb();
  const approvedEngineer = and(
    eq(users.userType, "ENGINEER"),
    eq(users.userStatus, "APPROVED"),
    isNull(users.deletedAt),
  );
  const engineers = db
    .select({ id: users.id, userId: users.userId, name: users.name, working: users.workingCount })
    .from(users)
    .where(approvedEngineer)
    .orderBy(asc(users.id))
    .all();
  const blocked = new Map(
    db
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
      .groupBy(tickets.assigneeId)
      .all()
      .map((r) => [r.id, r.n]),
  );
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

type WindowParams = { firstDay: number; start: number; end: number };

/**
 * A wait is at most ~31 years (SPLIT ms), so a row's day in the window and its wait travel as one
 * exact integer, day × SPLIT + wait, with SPLIT - 1 for "no wait yet" (a ticket with no staff
 * reply): one plucked number per row, read off the index, several times cheaper than a row object.
 */
const SPLIT = 1_000_000_000_000;
const NO_WAIT = SPLIT - 1;
const encode = (at: string, wait: string) =>
  `(${at} / ${DAY_MS} - @firstDay) * ${SPLIT} + coalesce(min(max(${wait}, 0), ${NO_WAIT - 1}), ${NO_WAIT})`;

type Waits = { count: number; waits: number[] };

/** The window's rows counted per day, with their waits per day and in all. */
function waitsByDay(query: string, params: WindowParams): Waits & { days: Waits[] } {
  const days = Array.from({ length: OVERVIEW_DAYS }, (): Waits => ({ count: 0, waits: [] }));
  const waits: number[] = [];
  const values = getDb().$client.prepare<[WindowParams], number>(query).pluck().all(params);
  for (const v of values) {
    const day = days[Math.floor(v / SPLIT)];
    const wait = v % SPLIT;
    day.count += 1;
    if (wait === NO_WAIT) continue;
    day.waits.push(wait);
    waits.push(wait);
  }
  return { count: values.length, waits, days };
}

const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
