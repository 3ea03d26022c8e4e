import { describe, expect, it } from "vitest";
import { bucketOfWait, medianOf, waitOfBucket, type Histogram } from "@/db/rollups";
import { adminOverview, OVERVIEW_DAYS } from "@/lib/reports/overview";
import { mulberry32 } from "@/scripts/bench/build-db";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { assignDirectly, person, raise, setTicket } from "../ticket-kit";

const DAY = 86_400_000;
const MIN = 60_000;
const NOW = new Date("2026-06-15T13:30:00.000Z");
const TODAY = Date.parse("2026-06-15T00:00:00.000Z");
const FIRST_DAY = TODAY - (OVERVIEW_DAYS - 1) * DAY;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The plain definition of a median, for checking against. */
function naiveMedian(values: number[]) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * A median read off the rollups' buckets (2% wide) is within 1% of the exact one; under a second
 * (bucket 0) within half a second.
 */
function expectNear(actual: number | null, exact: number | null, what = "median") {
  if (exact === null) return expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - exact), `${what}: ${actual} for ${exact}`).toBeLessThanOrEqual(
    exact * 0.01 + 500,
  );
}

const histogramOf = (values: number[]): Histogram => {
  const h: Histogram = [];
  for (const v of values) h[bucketOfWait(v)] = (h[bucketOfWait(v)] ?? 0) + 1;
  return h;
};

type Raw = {
  number: number;
  status: string;
  assignee_id: number | null;
  created_at: number;
  resolved_at: number | null;
  first_staff_reply_at: number | null;
};
/** Every ticket, timestamps as epoch milliseconds (read through the builder: Dates on both engines). */
const allTickets = async (): Promise<Raw[]> =>
  (
    await getDb()
      .select({
        number: tickets.number,
        status: tickets.status,
        assignee_id: tickets.assigneeId,
        created_at: tickets.createdAt,
        resolved_at: tickets.resolvedAt,
        first_staff_reply_at: tickets.firstStaffReplyAt,
      })
      .from(tickets)
  ).map((t) => ({
    ...t,
    created_at: t.created_at.getTime(),
    resolved_at: t.resolved_at?.getTime() ?? null,
    first_staff_reply_at: t.first_staff_reply_at?.getTime() ?? null,
  }));

const active = (t: Raw) => ["OPEN", "IN_PROGRESS", "BLOCKED"].includes(t.status);
const inWindow = (t: number | null): t is number => t !== null && t >= FIRST_DAY && t < TODAY + DAY;

describe("medians off the buckets", () => {
  it("puts each wait in a bucket whose middle is within 1% of it", () => {
    for (const ms of [1000, 1999, 60_000, 3_600_000, 86_400_000, 40 * 86_400_000]) {
      expectNear(waitOfBucket(bucketOfWait(ms)), ms, `bucket of ${ms}`);
    }
    expect(bucketOfWait(0)).toBe(0);
    expect(bucketOfWait(999)).toBe(0);
    expect(bucketOfWait(1000)).toBe(1);
  });

  it("takes the middle of an odd count and the mean of the middle two of an even count", () => {
    expect(medianOf([])).toBeNull();
    const MIN = 60_000;
    expectNear(medianOf(histogramOf([7 * MIN])), 7 * MIN);
    expectNear(medianOf(histogramOf([30 * MIN, 10 * MIN, 20 * MIN])), 20 * MIN);
    expectNear(medianOf(histogramOf([40, 10, 30, 20].map((m) => m * MIN))), 25 * MIN);
    expectNear(medianOf(histogramOf([5, 5, 1, 100, 5].map((m) => m * MIN))), 5 * MIN);
  });

  it("agrees with sorting, to 1%, on random lists, duplicates and odd and even lengths included", () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 200; i++) {
      const values = Array.from({ length: 1 + Math.floor(rand() * 60) }, () =>
        Math.floor(rand() * (rand() < 0.5 ? 3_600_000 : 30 * 86_400_000)),
      );
      expectNear(medianOf(histogramOf(values)), naiveMedian(values));
    }
  });
});

describe("adminOverview", () => {
  it("is all zeros and no medians on an empty help desk, with 30 days ending today", async () => {
    const admin = await person("ADMIN");
    const o = await adminOverview(admin.actor, NOW);
    expect(o.tickets).toEqual({ active: 0, open: 0, inProgress: 0, blocked: 0, unassigned: 0 });
    expect(o.engineers).toEqual([]);
    expect(o.window).toEqual({ from: "2026-05-17", to: "2026-06-15", days: 30 });
    expect(o.days).toHaveLength(30);
    expect(o.days[0].day).toBe("2026-05-17");
    expect(o.days[29].day).toBe("2026-06-15");
    expect(o.days.every((d) => d.created === 0 && d.resolved === 0)).toBe(true);
    expect(
      o.days.every((d) => d.medianFirstReplyMs === null && d.medianResolutionMs === null),
    ).toBe(true);
    expect(o.medians).toEqual({
      firstReplyMs: null,
      repliedTickets: 0,
      awaitingReply: 0,
      resolutionMs: null,
      resolvedTickets: 0,
    });
  });

  it("is for admins only", async () => {
    const engineer = await person("ENGINEER");
    await expect(adminOverview(engineer.actor, NOW)).rejects.toThrow(/ADMIN/);
  });

  it("takes medians over the window: odd and even counts, waiting tickets left out", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    const created = TODAY - 3 * DAY + 9 * 60 * MIN;
    const waits = [10, 60, 20].map((m) => m * MIN);
    for (const wait of waits) {
      const n = await raise(carol);
      await setTicket(n, { created_at: created, first_staff_reply_at: created + wait });
    }
    const waiting = await raise(carol);
    await setTicket(waiting, { created_at: created });
    // Outside the window: neither counted nor in the medians.
    const old = await raise(carol);
    await setTicket(old, {
      created_at: FIRST_DAY - 1,
      first_staff_reply_at: FIRST_DAY + 5 * DAY,
      status: "RESOLVED",
      resolved_at: FIRST_DAY - 1 + DAY * 100,
    });

    let o = await adminOverview(admin.actor, NOW);
    expect(o.medians).toMatchObject({ repliedTickets: 3, awaitingReply: 1 });
    expectNear(o.medians.firstReplyMs, 20 * MIN);
    const day = o.days.find((d) => d.day === dayOf(created))!;
    expect(day.created).toBe(4);
    expectNear(day.medianFirstReplyMs, 20 * MIN);

    // The same process asks again after a change: the day's buckets are read afresh.
    await setTicket(waiting, { first_staff_reply_at: created + 40 * MIN });
    o = await adminOverview(admin.actor, NOW);
    expect(o.medians).toMatchObject({ repliedTickets: 4, awaitingReply: 0 });
    expectNear(o.medians.firstReplyMs, 30 * MIN);

    // Resolution: over tickets resolved in the window, whenever they were created.
    const resolvedAt = TODAY + 12 * 60 * MIN;
    for (const [n, took] of [
      [await raise(carol), 2 * DAY],
      [await raise(carol), 40 * DAY],
    ] as const) {
      await setTicket(n, {
        status: "CLOSED",
        created_at: resolvedAt - took,
        resolved_at: resolvedAt,
      });
    }
    o = await adminOverview(admin.actor, NOW);
    expect(o.medians.resolvedTickets).toBe(2);
    expectNear(o.medians.resolutionMs, 21 * DAY);
    expect(o.days.at(-1)!.resolved).toBe(2);
    expectNear(o.days.at(-1)!.medianResolutionMs, 21 * DAY);
  });

  it("matches a naive recomputation over a seeded help desk", async () => {
    const admin = await person("ADMIN");
    const engineers = [
      await person("ENGINEER"),
      await person("ENGINEER"),
      await person("ENGINEER"),
    ];
    const pending = await person("ENGINEER", "PENDING");
    const customers = [await person("CUSTOMER"), await person("CUSTOMER")];
    const rand = mulberry32(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const STATUSES = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"];

    for (let i = 0; i < 240; i++) {
      const n = await raise(pick(customers));
      const created = NOW.getTime() - Math.floor(rand() * 45 * DAY);
      const status = pick(STATUSES);
      const done = status === "RESOLVED" || status === "CLOSED";
      const assignee = rand() < 0.15 ? null : rand() < 0.1 ? pending : pick(engineers);
      await assignDirectly(n, assignee);
      await setTicket(n, {
        status,
        created_at: created,
        first_staff_reply_at: rand() < 0.7 ? created + Math.floor(rand() * 3 * DAY) : null,
        resolved_at: done ? Math.min(NOW.getTime(), created + Math.floor(rand() * 10 * DAY)) : null,
      });
    }

    const o = await adminOverview(admin.actor, NOW);
    const rows = await allTickets();

    const of = (s: string) => rows.filter((t) => t.status === s).length;
    expect(o.tickets).toEqual({
      active: rows.filter(active).length,
      open: of("OPEN"),
      inProgress: of("IN_PROGRESS"),
      blocked: of("BLOCKED"),
      unassigned: rows.filter((t) => active(t) && t.assignee_id === null).length,
    });
    expect(o.tickets.active).toBeGreaterThan(50);

    const load = engineers.map((e) => {
      const mine = rows.filter((t) => t.assignee_id === e.id);
      const working = mine.filter((t) => t.status === "OPEN" || t.status === "IN_PROGRESS").length;
      const blocked = mine.filter((t) => t.status === "BLOCKED").length;
      return { userId: e.userId, name: e.user.name, working, blocked, active: working + blocked };
    });
    expect(o.engineers).toEqual(
      load.sort((a, b) => b.active - a.active || a.userId.localeCompare(b.userId)),
    );
    expect(o.engineers.map((e) => e.userId)).not.toContain(pending.userId);

    const createdIn = rows.filter((t) => inWindow(t.created_at));
    const resolvedIn = rows.filter((t) => inWindow(t.resolved_at));
    expect(o.days).toHaveLength(OVERVIEW_DAYS);
    o.days.forEach((d, i) => {
      const day = dayOf(FIRST_DAY + i * DAY);
      const created = createdIn.filter((t) => dayOf(t.created_at) === day);
      const resolved = resolvedIn.filter((t) => dayOf(t.resolved_at!) === day);
      expect(d).toMatchObject({ day, created: created.length, resolved: resolved.length });
      expectNear(
        d.medianFirstReplyMs,
        naiveMedian(
          created
            .filter((t) => t.first_staff_reply_at !== null)
            .map((t) => t.first_staff_reply_at! - t.created_at),
        ),
        `${day} first reply`,
      );
      expectNear(
        d.medianResolutionMs,
        naiveMedian(resolved.map((t) => t.resolved_at! - t.created_at)),
        `${day} resolution`,
      );
    });

    const replied = createdIn.filter((t) => t.first_staff_reply_at !== null);
    expect(o.medians).toMatchObject({
      repliedTickets: replied.length,
      awaitingReply: createdIn.length - replied.length,
      resolvedTickets: resolvedIn.length,
    });
    expectNear(
      o.medians.firstReplyMs,
      naiveMedian(replied.map((t) => t.first_staff_reply_at! - t.created_at)),
    );
    expectNear(
      o.medians.resolutionMs,
      naiveMedian(resolvedIn.map((t) => t.resolved_at! - t.created_at)),
    );
    expect(replied.length).toBeGreaterThan(50);
    expect(resolvedIn.length).toBeGreaterThan(30);
  });
});
