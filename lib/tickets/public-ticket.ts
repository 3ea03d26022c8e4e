import { eq, getTableColumns } from "drizzle-orm";
import { getDb } from "@/db/client";
import { alias } from "@/db/dialect";
import { tickets, users, type Ticket } from "@/db/schema";

/** The shape of a ticket in every response: `reporter` and `assignee` are userIds (docs/api.md#base-paths). */
export type PublicTicket = {
  id: string;
  number: number;
  title: string;
  description: string;
  ticketPriority: number;
  status: Ticket["status"];
  reporter: string;
  reporterName: string;
  assignee: string | null;
  assigneeName: string | null;
  category: string | null;
  /** The CRM interaction it was raised from, if any. */
  interactionId: number | null;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
};

const reporter = alias(users, "reporter");
const assignee = alias(users, "assignee");

/** A select of tickets joined with reporter and assignee, ready for where/order/limit. */
export function selectTickets(db = getDb()) {
  return db
    .select({
      ...getTableColumns(tickets),
      reporterUserId: reporter.userId,
      reporterName: reporter.name,
      assigneeUserId: assignee.userId,
      assigneeName: assignee.name,
    })
    .from(tickets)
    .innerJoin(reporter, eq(reporter.id, tickets.reporterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId));
}

export type TicketRow = Ticket & {
  reporterUserId: string;
  reporterName: string;
  assigneeUserId: string | null;
  assigneeName: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toPublicTicket(row: TicketRow): PublicTicket {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    ticketPriority: row.ticketPriority,
    status: row.status,
    reporter: row.reporterUserId,
    reporterName: row.reporterName,
    assignee: row.assigneeUserId,
    assigneeName: row.assigneeName,
    category: row.category,
    interactionId: row.interactionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    acceptedAt: iso(row.acceptedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
  };
}
