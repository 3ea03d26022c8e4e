import { sql } from "drizzle-orm";
import { rows } from "./client";

/**
 * The overview's rollups (docs/reports.md#how-the-overview-stays-cheap): ticket_days and
 * ticket_waits (SQLite migration 0010, PostgreSQL 0005), ticket_counts and user_counts (0011,
 * 0006), kept by triggers on tickets and users in the same transaction as every change. Waits are counted in buckets 2% wide, so a median read back from
 * them is within 1% of the exact one; this file is the one place that knows the buckets' bounds.
 */

export const DAY_MS = 86_400_000;

/** The migrations' bucket ratio: bucket b ≥ 1 holds waits in [1000·1.02^(b-1), 1000·1.02^b) ms. */
const RATIO = 1.02;

/** The wait a bucket stands for: the geometric middle of its bounds (bucket 0, under a second: 0.5 s). */
export function waitOfBucket(bucket: number): number {
  return bucket <= 0 ? 500 : 1000 * RATIO ** (bucket - 0.5);
}

/** The bucket a wait falls in, as the triggers compute it (tests use it to build expectations). */
export function bucketOfWait(ms: number): number {
  return ms < 1000 ? 0 : 1 + Math.floor(Math.log(ms / 1000) / Math.log(RATIO));
}

/** A histogram: counts by bucket (a sparse array, index = bucket). */
export type Histogram = number[];

/** The median of a histogram (the mean of the middle two for an even count); null when empty. */
export function medianOf(histogram: Histogram): number | null {
  let total = 0;
  for (const n of histogram) if (n) total += n;
  if (total === 0) return null;
  // 0-based ranks of the middle one (odd) or two (even).
  const lowRank = Math.floor((total - 1) / 2);
  const highRank = Math.floor(total / 2);
  let seen = 0;
  let low: number | null = null;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const n = histogram[bucket];
    if (!n) continue;
    seen += n;
    if (low === null && seen > lowRank) low = waitOfBucket(bucket);
    if (seen > highRank) return (low! + waitOfBucket(bucket)) / 2;
  }
  return low;
}

/**
 * The rows where the rollups differ from a fresh count of the tickets (the views
 * ticket_days_recount, ticket_waits_recount, ticket_counts_recount and user_counts_recount), each with `side` "kept" or "counted": none,
 * unless something wrote past the triggers. Plain SQL for both engines (db:move runs it too).
 */
export const ROLLUP_DIFFERENCES_SQL = {
  days: difference("ticket_days", "day, created, resolved", "created <> 0 or resolved <> 0"),
  waits: difference("ticket_waits", "kind, day, bucket, tickets", "tickets <> 0"),
  counts: difference("ticket_counts", "status, assignee, tickets", "tickets <> 0"),
  users: difference("user_counts", "user_type, user_status, users", "users <> 0"),
};

/** A rollup's rows (those that count) missing from its `<table>_recount` view, and the other way round. */
function difference(table: string, columns: string, counts: string) {
  const kept = `select ${columns} from ${table} where ${counts}`;
  const counted = `select ${columns} from ${table}_recount`;
  return `
    select 'kept' as side, kept_only.* from (${kept} except ${counted}) kept_only
    union all
    select 'counted', counted_only.* from (${counted} except ${kept}) counted_only`;
}

type DayDifference = { side: string; day: number; created: number; resolved: number };
type WaitDifference = { side: string; kind: string; day: number; bucket: number; tickets: number };
type CountDifference = { side: string; status: string; assignee: number; tickets: number };
type UserDifference = { side: string; user_type: string; user_status: string; users: number };

/** ROLLUP_DIFFERENCES_SQL's rows in words, for a test's or db:move's message. */
export function describeRollupDifferences(
  days: DayDifference[],
  waits: WaitDifference[],
  counts: CountDifference[],
  people: UserDifference[],
) {
  const who = (side: string) => (side === "kept" ? "kept" : "a recount has");
  return [
    ...days.map((d) => `${who(d.side)} day ${d.day}: created ${d.created}, resolved ${d.resolved}`),
    ...waits.map((w) => `${who(w.side)} ${w.kind} day ${w.day} bucket ${w.bucket}: ${w.tickets}`),
    ...counts.map(
      (c) => `${who(c.side)} ${c.tickets} ${c.status} tickets of assignee ${c.assignee || "none"}`,
    ),
    ...people.map((u) => `${who(u.side)} ${u.users} ${u.user_status} ${u.user_type} users`),
  ];
}

/** Where the rollups differ from a full recount, in words; it reads every ticket (tests). */
export async function rollupDifferences(): Promise<string[]> {
  return describeRollupDifferences(
    await rows<DayDifference>(sql.raw(ROLLUP_DIFFERENCES_SQL.days)),
    await rows<WaitDifference>(sql.raw(ROLLUP_DIFFERENCES_SQL.waits)),
    await rows<CountDifference>(sql.raw(ROLLUP_DIFFERENCES_SQL.counts)),
    await rows<UserDifference>(sql.raw(ROLLUP_DIFFERENCES_SQL.users)),
  );
}

/**
 * Makes the rollups a recount of the tickets, for a bulk load that paused the triggers (the
 * bench's database builder): plain SQL for both engines, in one transaction of the caller's.
 */
export const REBUILD_ROLLUPS_SQL = [
  "delete from ticket_days",
  "delete from ticket_waits",
  "delete from ticket_counts",
  "delete from user_counts",
  "insert into ticket_days (day, created, resolved) select day, created, resolved from ticket_days_recount",
  "insert into ticket_waits (kind, day, bucket, tickets) select kind, day, bucket, tickets from ticket_waits_recount",
  "insert into ticket_counts (status, assignee, tickets) select status, assignee, tickets from ticket_counts_recount",
  "insert into user_counts (user_type, user_status, users) select user_type, user_status, users from user_counts_recount",
];
