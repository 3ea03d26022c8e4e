import type { Overview } from "@/lib/validation/reports";
import { ChartFrame } from "./chart-frame";
import { CreatedResolvedChart } from "./created-resolved-chart";
import { EngineerLoadChart } from "./engineer-load-chart";
import { formatCount, formatDuration } from "./format";
import { MedianTrendChart } from "./median-trend-chart";

/** Engineers drawn in the load chart; the table under it lists every one. */
const CHARTED_ENGINEERS = 12;

export function CreatedResolvedFrame({
  overview,
  className,
}: {
  overview: Overview;
  className?: string;
}) {
  const created = overview.days.reduce((n, d) => n + d.created, 0);
  const resolved = overview.days.reduce((n, d) => n + d.resolved, 0);
  return (
    <ChartFrame
      id="created-resolved"
      className={className}
      title="Created vs resolved per day"
      description={`Last 30 days (UTC): ${formatCount(created)} created, ${formatCount(resolved)} resolved. Today counts so far.`}
      table={{
        caption: "Tickets created and resolved per day, last 30 days",
        head: ["Day", "Created", "Resolved"],
        rows: overview.days.map((d) => [d.day, d.created, d.resolved]),
      }}
    >
      <CreatedResolvedChart
        data={overview.days.map(({ day, created, resolved }) => ({ day, created, resolved }))}
      />
    </ChartFrame>
  );
}

export function MedianFrame({
  overview,
  kind,
}: {
  overview: Overview;
  kind: "firstReply" | "resolution";
}) {
  const reply = kind === "firstReply";
  const ms = reply ? overview.medians.firstReplyMs : overview.medians.resolutionMs;
  const perDay = overview.days.map((d) => ({
    day: d.day,
    ms: reply ? d.medianFirstReplyMs : d.medianResolutionMs,
  }));
  const m = overview.medians;
  const tickets = (n: number) => `${formatCount(n)} ticket${n === 1 ? "" : "s"}`;
  const sample = reply
    ? m.repliedTickets
      ? `Over ${tickets(m.repliedTickets)} created in the last 30 days` +
        (m.awaitingReply ? ` (${formatCount(m.awaitingReply)} still wait for a reply)` : "") +
        "; the line shows each day's median."
      : m.awaitingReply
        ? `None of the ${formatCount(m.awaitingReply)} tickets created in the last 30 days has had a staff reply yet.`
        : "No tickets were created in the last 30 days."
    : m.resolvedTickets
      ? `Over ${tickets(m.resolvedTickets)} resolved in the last 30 days; the line shows each day's median.`
      : "No tickets were resolved in the last 30 days.";
  const title = reply ? "Median time to first reply" : "Median time to resolution";
  return (
    <ChartFrame
      id={reply ? "median-first-reply" : "median-resolution"}
      title={title}
      description={
        <>
          <span className="block text-3xl font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">
            {formatDuration(ms)}
          </span>
          <span className="mt-1 block">{sample}</span>
        </>
      }
      table={{
        caption: `${title} per day, last 30 days`,
        head: ["Day", reply ? "Median first reply" : "Median resolution"],
        rows: ms === null ? [] : perDay.map((d) => [d.day, formatDuration(d.ms)]),
      }}
    >
      {ms === null ? null : (
        <MedianTrendChart
          data={perDay}
          typicalMs={ms}
          name={reply ? "Median first reply" : "Median resolution"}
          colour={reply ? "var(--chart-1)" : "var(--chart-2)"}
        />
      )}
    </ChartFrame>
  );
}

export function EngineerLoadFrame({ overview }: { overview: Overview }) {
  const engineers = overview.engineers;
  const charted = engineers.slice(0, CHARTED_ENGINEERS);
  return (
    <ChartFrame
      id="engineer-load"
      title="Tickets per engineer"
      description={
        engineers.length > charted.length
          ? `Working (open or in progress) and blocked tickets: the ${charted.length} busiest of ${engineers.length} approved engineers; the numbers list everyone.`
          : "Working (open or in progress) and blocked tickets of each approved engineer."
      }
      table={{
        caption: "Working, blocked and active tickets per approved engineer",
        head: ["Engineer", "Working", "Blocked", "Active"],
        rows: engineers.map((e) => [`${e.name} (${e.userId})`, e.working, e.blocked, e.active]),
      }}
    >
      {engineers.length ? (
        <EngineerLoadChart data={charted} />
      ) : (
        <p className="py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">
          No approved engineers yet.
        </p>
      )}
    </ChartFrame>
  );
}
