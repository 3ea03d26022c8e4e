import { and, asc, eq, gte, inArray, isNull, lte, ne, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { DAY_MS, medianOf, type Histogram } from "@/db/rollups";
import {
  WAIT_KINDS,
  ticketCounts,
  ticketDays,
  ticketWaits,
  users,
  type WaitKind,
} from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { pendingRequestCount } from "@/lib/users/list-users";
import type { EngineerLoad, Overview } from "@/lib/validation/reports";

export type { EngineerLoad, Overview, OverviewDay } from "@/lib/validation/reports";

/** The overview's window: today and the 29 days before it (UTC days). */
export const OVERVIEW_DAYS = 30;

/**
 * The admin's overview (docs/reports.md#the-admin-overview). No number reads the tickets: status
 * counts, the pool and blocked per engineer come off ticket_counts, working counts off users, and
 * the window's counts and medians off ticket_days and ticket_waits, all kept by triggers
 * (db/rollups.ts): a few rows per status and engineer, thirty day rows, and the wait buckets of
 * the days that changed since this process last read them.
 */
export async function adminOverview(actor: Actor, now = new Date()): Promise<Overview> {
  requireRole(actor, "ADMIN");
  const today = Math.floor(now.getTime() / DAY_MS);
  const firstDay = today - (OVERVIEW_DAYS - 1);
  // Independent reads: on PostgreSQL they run side by side on the pool.
  const [counts, engineers, days, pendingRequests] = await Promise.all([
    getDb()
      .select({
        status: ticketCounts.status,
        assignee: ticketCounts.assignee,
        n: ticketCounts.tickets,
      })
      .from(ticketCounts)
      .where(ne(ticketCounts.tickets, 0)),
    approvedEngineers(),
    windowRollups(firstDay, today),
    pendingRequestCount(actor),
  ]);
  const firstReplies = sum(days.map((d) => d.firstReply));
  const resolutions = sum(days.map((d) => d.resolution));
  const replied = countOf(firstReplies);
  const byStatus = new Map<string, number>();
  const blockedBy = new Map<number, number>();
  let unassigned = 0;
  for (const c of counts) {
    byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + c.n);
    if (c.assignee === 0) unassigned += c.n;
    else if (c.status === "BLOCKED") blockedBy.set(c.assignee, c.n);
  }
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
    engineers: engineerLoads(engineers, blockedBy),
    days: days.map((d) => ({
      day: dayString(d.day),
      created: d.created,
      resolved: d.resolved,
      medianFirstReplyMs: roundMs(medianOf(d.firstReply)),
      medianResolutionMs: roundMs(medianOf(d.resolution)),
    })),
    medians: {
      firstReplyMs: roundMs(medianOf(firstReplies)),
      repliedTickets: replied,
      awaitingReply: days.reduce((a, d) => a + d.created, 0) - replied,
      resolutionMs: roundMs(medianOf(resolutions)),
      resolvedTickets: countOf(resolutions),
    },
    pendingRequests,
  };
}

/** Approved engineers with their working counts (trigger-kept on users). */
function approvedEngineers() {
  return getDb()
    .select({ id: users.id, userId: users.userId, name: users.name, working: users.workingCount })
    .from(users)
    .where(
      and(
        eq(users.userType, "ENGINEER"),
        eq(users.userStatus, "APPROVED"),
        isNull(users.deletedAt),
      ),
    )
    .orderBy(asc(users.id));
}

/** Each engineer's working, blocked and active counts, busiest first. */
function engineerLoads(
  engineers: Awaited<ReturnType<typeof approvedEngineers>>,
  blockedBy: Map<number, number>,
): EngineerLoad[] {
  return engineers
    .map((e) => {
      const b = blockedBy.get(e.id) ?? 0;
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

type DayHistogram = { changes: number; histogram: Histogram };

/**
 * This process's copies of each day's wait histograms, per database, each with the day's change
 * counter it was read at: a day is read again only once its counter has moved, so the overview
 * reads its thirty ticket_days rows and, for the few days that changed since, their buckets.
 */
const histograms = new WeakMap<object, Map<string, DayHistogram>>();

/** The window's rollups: each day's counts and histograms (docs/reports.md#how-the-overview-stays-cheap). */
async function windowRollups(firstDay: number, today: number) {
  const db = getDb();
  const dayRows = await db
    .select()
    .from(ticketDays)
    .where(and(gte(ticketDays.day, firstDay), lte(ticketDays.day, today)));
  let cache = histograms.get(db);
  if (!cache) histograms.set(db, (cache = new Map()));
  for (const key of cache.keys()) {
    if (Number(key.slice(key.indexOf(":") + 1)) < firstDay) cache.delete(key);
  }

  const changesOf = (row: (typeof dayRows)[number], kind: WaitKind) =>
    kind === "first_reply" ? row.firstReplyChanges : row.resolutionChanges;
  const stale = new Map<WaitKind, number[]>(WAIT_KINDS.map((k) => [k, []]));
  for (const row of dayRows) {
    for (const kind of WAIT_KINDS) {
      if (cache.get(`${kind}:${row.day}`)?.changes !== changesOf(row, kind))
        stale.get(kind)!.push(row.day);
    }
  }
  const wanted = WAIT_KINDS.filter((k) => stale.get(k)!.length).map((k) =>
    and(eq(ticketWaits.kind, k), inArray(ticketWaits.day, stale.get(k)!)),
  );
  if (wanted.length) {
    const buckets = await db
      .select()
      .from(ticketWaits)
      .where(and(or(...wanted), ne(ticketWaits.tickets, 0)));
    const fresh = new Map<string, Histogram>();
    for (const b of buckets) {
      const key = `${b.kind}:${b.day}`;
      let h = fresh.get(key);
      if (!h) fresh.set(key, (h = []));
      h[b.bucket] = b.tickets;
    }
    const byDay = new Map(dayRows.map((r) => [r.day, r]));
    for (const [kind, days] of stale) {
      for (const day of days) {
        const key = `${kind}:${day}`;
        // Read after the counter: if a change came between, the counter moves on and it is read again.
        cache.set(key, {
          changes: changesOf(byDay.get(day)!, kind),
          histogram: fresh.get(key) ?? [],
        });
      }
    }
  }

  const counts = new Map(dayRows.map((r) => [r.day, r]));
  return Array.from({ length: today - firstDay + 1 }, (_, i) => {
    const day = firstDay + i;
    return {
      day,
      created: counts.get(day)?.created ?? 0,
      resolved: counts.get(day)?.resolved ?? 0,
      firstReply: cache.get(`first_reply:${day}`)?.histogram ?? [],
      resolution: cache.get(`resolution:${day}`)?.histogram ?? [],
    };
  });
}

/** Histograms added up, bucket by bucket. */
function sum(histograms: Histogram[]): Histogram {
  const total: Histogram = [];
  for (const h of histograms) {
    h.forEach((n, bucket) => {
      if (n) total[bucket] = (total[bucket] ?? 0) + n;
    });
  }
  return total;
}

const countOf = (h: Histogram) => h.reduce((a, n) => a + (n ?? 0), 0);

/** Whole milliseconds: a median read off the buckets is good to 1%, not to a fraction of a ms. */
const roundMs = (ms: number | null) => (ms === null ? null : Math.round(ms));

const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
