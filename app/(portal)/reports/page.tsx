import { Download } from "lucide-react";
import type { Metadata } from "next";
import { formatCount } from "@/components/overview/format";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { requireActor } from "@/lib/auth/session";
import { fieldErrors } from "@/lib/http/errors";
import { countResolvedTickets, RESOLVED_TICKET_COLUMNS } from "@/lib/reports/resolved-tickets";
import { resolvedTicketsRange } from "@/lib/validation/reports";

export const metadata: Metadata = { title: "Reports" };

type Search = Record<string, string | string[] | undefined>;

const longDay = (day: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("ENGINEER", "ADMIN");
  const search = await searchParams;
  const asked = {
    from: typeof search.from === "string" ? search.from : undefined,
    to: typeof search.to === "string" ? search.to : undefined,
  };
  const parsed = resolvedTicketsRange.safeParse(asked);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  // The form shows days; date-times typed into the address are kept as they are for the download.
  const range = parsed.success ? parsed.data : resolvedTicketsRange.parse({});
  const query = new URLSearchParams({
    from: (parsed.success && asked.from) || range.fromDay,
    to: (parsed.success && asked.to) || range.toDay,
  });
  const count = parsed.success ? await countResolvedTickets(actor, range) : null;
  const isAdmin = actor.userType === "ADMIN";

  return (
    <>
      <PageHeader
        title="Reports"
        description="Download what was resolved in a period, for a review or a spreadsheet."
      />
      <Card className="max-w-3xl">
        <h2 className="text-lg font-semibold">Resolved tickets</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          A CSV file with one row per ticket resolved in the period (closed ones included, reopened
          ones left out), oldest first:{" "}
          <span className="font-mono text-xs">{RESOLVED_TICKET_COLUMNS.join(", ")}</span>. The
          assignee is a user ID; times are UTC. There is no row limit.{" "}
          {isAdmin
            ? "It covers every ticket."
            : "It covers the tickets assigned to you or raised by you."}
        </p>

        <form
          method="get"
          aria-label="Choose the period"
          className="mt-5 grid items-start gap-4 sm:grid-cols-[1fr_1fr_auto]"
        >
          <Field id="from" label="From" errors={errors.from}>
            <Input
              id="from"
              name="from"
              type="date"
              defaultValue={errors.from ? asked.from : range.fromDay}
              aria-invalid={!!errors.from}
              aria-describedby={errors.from ? "from-error" : undefined}
            />
          </Field>
          <Field id="to" label="To (included)" errors={errors.to ?? errors._}>
            <Input
              id="to"
              name="to"
              type="date"
              defaultValue={errors.to ? asked.to : range.toDay}
              aria-invalid={!!errors.to}
              aria-describedby={errors.to ? "to-error" : undefined}
            />
          </Field>
          <Button type="submit" variant="secondary" className="sm:mt-6.5">
            Update
          </Button>
        </form>

        {count === null ? (
          <Alert tone="error" className="mt-5">
            Choose a valid period: the start on or before the end, at most five years.
          </Alert>
        ) : (
          <div className="mt-6 flex flex-wrap items-center justify-between gap-4 border-t border-zinc-100 pt-5 dark:border-zinc-800">
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums">{formatCount(count)}</span>{" "}
              {count === 1 ? "ticket" : "tickets"} resolved from {longDay(range.fromDay)} to{" "}
              {longDay(range.toDay)}
            </p>
            <a
              href={`/api/v1/reports/resolved-tickets?${query}`}
              download={`resolved-tickets-${range.fromDay}-${range.toDay}.csv`}
              className={buttonClass()}
            >
              <Download className="size-4" aria-hidden />
              Download CSV
            </a>
          </div>
        )}
      </Card>
    </>
  );
}
