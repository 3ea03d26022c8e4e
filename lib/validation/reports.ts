import { z } from "zod";
import { emptyAsUndefined } from "./common";

const DAY_MS = 86_400_000;
/** Reports cover at most five years (leap days included): longer asks are almost always typos. */
export const MAX_REPORT_DAYS = 5 * 365 + 2;
/** The default window, today included (docs/reports.md#resolved-tickets-csv). */
export const DEFAULT_REPORT_DAYS = 30;

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const dateOrDateTime = z
  .string()
  .trim()
  .refine(
    (v) => isoDate.safeParse(v).success || isoDateTime.safeParse(v).success,
    "Use a date (YYYY-MM-DD) or an ISO 8601 date and time",
  );

/** What the resolved-tickets report reads from the query string (as documented). */
export const resolvedTicketsQuery = z.object({
  from: emptyAsUndefined(dateOrDateTime).meta({
    description: "First day (YYYY-MM-DD, from 00:00 UTC) or instant. Default: 29 days before `to`",
  }),
  to: emptyAsUndefined(dateOrDateTime).meta({
    description: "Last day, inclusive (YYYY-MM-DD, to 24:00 UTC) or instant. Default: today",
  }),
});
export type ResolvedTicketsQuery = z.infer<typeof resolvedTicketsQuery>;

/** A report's range: `start` inclusive, `end` exclusive, and the first and last day it covers (UTC). */
export type ReportRange = { start: Date; end: Date; fromDay: string; toDay: string };

export const startOfUtcDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The query resolved into a range, read at parse time: a date-only `to` includes its whole day,
 * a date and time includes that instant; the default is the last 30 days, today included.
 * `from` after `to`, or a range longer than five years, is a 400 naming the field.
 */
export const resolvedTicketsRange = resolvedTicketsQuery.transform((q, ctx): ReportRange => {
  const end = q.to
    ? dateOnly.test(q.to)
      ? Date.parse(`${q.to}T00:00:00.000Z`) + DAY_MS
      : Date.parse(q.to) + 1
    : startOfUtcDay(Date.now()) + DAY_MS;
  const start = q.from
    ? Date.parse(dateOnly.test(q.from) ? `${q.from}T00:00:00.000Z` : q.from)
    : startOfUtcDay(end - 1) - (DEFAULT_REPORT_DAYS - 1) * DAY_MS;
  if (start >= end) {
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: "Choose a start on or before the end",
    });
    return z.NEVER;
  }
  if (end - start > MAX_REPORT_DAYS * DAY_MS) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "Choose a range of at most five years" });
    return z.NEVER;
  }
  return {
    start: new Date(start),
    end: new Date(end),
    fromDay: dayOf(start),
    toDay: dayOf(end - 1),
  };
});

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative().nullable();

/** GET /reports/overview: the admin's overview (docs/reports.md#the-admin-overview). Durations are milliseconds. */
export const overviewSchema = z
  .object({
    generatedAt: z.string(),
    window: z
      .object({ from: z.string(), to: z.string(), days: count })
      .meta({ description: "The last 30 days, today included (UTC days)" }),
    tickets: z.object({
      active: count,
      open: count,
      inProgress: count,
      blocked: count,
      unassigned: count.meta({ description: "Active tickets no engineer holds" }),
    }),
    engineers: z
      .array(
        z.object({
          userId: z.string(),
          name: z.string(),
          working: count.meta({ description: "Assigned and OPEN or IN_PROGRESS" }),
          blocked: count,
          active: count.meta({ description: "working + blocked" }),
        }),
      )
      .meta({ description: "Every approved engineer, busiest first" }),
    days: z.array(
      z.object({
        day: z.string().meta({ description: "YYYY-MM-DD (UTC)" }),
        created: count,
        resolved: count,
        medianFirstReplyMs: ms.meta({
          description: "Over that day's new tickets that have had a staff reply",
        }),
        medianResolutionMs: ms.meta({ description: "Over the tickets resolved that day" }),
      }),
    ),
    medians: z.object({
      firstReplyMs: ms.meta({
        description: "Creation to first public staff reply, over tickets created in the window",
      }),
      repliedTickets: count,
      awaitingReply: count.meta({ description: "Created in the window, no staff reply yet" }),
      resolutionMs: ms.meta({
        description: "Creation to resolution, over tickets resolved in the window",
      }),
      resolvedTickets: count,
    }),
    pendingRequests: count.meta({ description: "Engineer registrations waiting for an admin" }),
  })
  .meta({ id: "Overview" });
export type Overview = z.infer<typeof overviewSchema>;
export type OverviewDay = Overview["days"][number];
export type EngineerLoad = Overview["engineers"][number];
