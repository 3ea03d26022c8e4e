import { and, asc, count, eq, gt, gte, lt, or, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { alias } from "@/db/dialect";
import { tickets, users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { visibleParts } from "@/lib/tickets/visibility";
import type { ReportRange } from "@/lib/validation/reports";

/** The report's columns, in order (docs/reports.md#resolved-tickets-csv). */
export const RESOLVED_TICKET_COLUMNS = [
  "ticketId",
  "number",
  "title",
  "description",
  "status",
  "assignee",
  "resolvedAt",
  "createdAt",
] as const;

/** Rows read per step of the keyset walk: one page is in memory at a time, whatever the total. */
export const RESOLVED_PAGE = 1_000;

type Row = {
  number: number;
  id: string;
  title: string;
  description: string;
  status: string;
  assignee: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
};

const assignee = alias(users, "assignee");

/**
 * Tickets resolved in the range that the actor may see (docs/reports.md#resolved-tickets-csv), as
 * visibleParts' disjoint where-clauses: a ticket's resolvedAt is set when it is resolved, kept when
 * it is closed and cleared when it is reopened, so the range on it is the whole rule. Each part
 * walks its own index in (resolved_at, number) order (an engineer's assigned and reported resolved
 * tickets, migrations 0012/0007), not every ticket resolved in the range. Engineers and admins
 * only. `from` moves the start up to a cursor.
 */
function inRange(actor: Actor, range: ReportRange, from: Date = range.start): (SQL | undefined)[] {
  requireRole(actor, "ENGINEER", "ADMIN");
  const window = and(gte(tickets.resolvedAt, from), lt(tickets.resolvedAt, range.end));
  // Settled: a ticket's resolvedAt is cleared whenever it becomes active again (update-ticket.ts).
  return visibleParts(actor, { settled: true }).map((part) => and(part, window));
}

/** How many rows the report has: the parts' counts, which never share a ticket. */
export async function countResolvedTickets(actor: Actor, range: ReportRange): Promise<number> {
  const counts: number[] = [];
  for (const where of inRange(actor, range)) {
    const [row] = await getDb().select({ n: count() }).from(tickets).where(where);
    counts.push(row?.n ?? 0);
  }
  return counts.reduce((a, b) => a + b, 0);
}

/** One row of the file, keyed by its columns. */
export type ResolvedTicketRecord = Record<
  (typeof RESOLVED_TICKET_COLUMNS)[number],
  string | number
>;
type Cursor = { resolvedAt: Date; number: number };

/**
 * The report as a CSV file, oldest resolution first: its description and page reader, which
 * lib/http/paged-download.ts streams as the client reads (keyset on resolved_at, number, which the
 * resolved index gives in order), so there is no row limit and memory stays flat; a row can't be
 * skipped or repeated between pages. Nothing is read until the body is.
 */
export function resolvedTicketsCsv(actor: Actor, range: ReportRange, pageSize = RESOLVED_PAGE) {
  requireRole(actor, "ENGINEER", "ADMIN");
  return {
    format: "csv" as const,
    filename: `resolved-tickets-${range.fromDay}-${range.toDay}.csv`,
    columns: RESOLVED_TICKET_COLUMNS,
    freeText: ["title", "description"] as const,
    page: (after: Cursor | undefined) => resolvedPage(actor, range, pageSize, after),
  };
}

/** One page of the report after `after`, and where the next one starts. */
async function resolvedPage(
  actor: Actor,
  range: ReportRange,
  pageSize: number,
  after: Cursor | undefined,
): Promise<{ rows: ResolvedTicketRecord[]; next?: Cursor }> {
  // Each page's index range starts at the cursor's time (not the report's start, which would
  // re-read every earlier row); only rows resolved in that same millisecond are filtered. Each part
  // gives its first page after the cursor; the report's next page is the first of their union.
  const parts = inRange(actor, range, after?.resolvedAt ?? range.start);
  // One part after another: on PostgreSQL a page holds one pooled connection at a time.
  const pages: Row[][] = [];
  for (const part of parts) {
    pages.push(
      await getDb()
        .select({
          number: tickets.number,
          id: tickets.id,
          title: tickets.title,
          description: tickets.description,
          status: tickets.status,
          assignee: assignee.userId,
          resolvedAt: tickets.resolvedAt,
          createdAt: tickets.createdAt,
        })
        .from(tickets)
        .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
        .where(
          after
            ? and(
                part,
                or(gt(tickets.resolvedAt, after.resolvedAt), gt(tickets.number, after.number)),
              )
            : part,
        )
        .orderBy(asc(tickets.resolvedAt), asc(tickets.number))
        .limit(pageSize),
    );
  }
  const rows = pages.length === 1 ? pages[0] : mergeByResolution(pages.flat()).slice(0, pageSize);
  const last = rows[rows.length - 1];
  return {
    rows: rows.map(toRecord),
    next:
      rows.length < pageSize ? undefined : { resolvedAt: last.resolvedAt!, number: last.number },
  };
}

/** The report's order: resolution time, then number. */
function mergeByResolution(rows: Row[]): Row[] {
  return rows.sort(
    (a, b) => a.resolvedAt!.getTime() - b.resolvedAt!.getTime() || a.number - b.number,
  );
}

function toRecord(r: Row): ResolvedTicketRecord {
  return {
    ticketId: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    status: r.status,
    assignee: r.assignee ?? "",
    resolvedAt: r.resolvedAt!.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}
