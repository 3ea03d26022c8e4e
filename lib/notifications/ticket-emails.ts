import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { alias } from "@/db/dialect";
import { preparedQuery } from "@/db/prepared";
import { tickets, users, type Ticket, type User } from "@/db/schema";
import { env } from "@/lib/env";
import {
  PRIORITY_LABEL,
  STATUS_LABEL,
  type Priority,
  type TicketStatus,
} from "@/lib/tickets/statuses";
import { enqueueEach } from "./outbox";
import type { TicketSummary } from "./templates";

/**
 * Who is emailed about a ticket (docs/notifications.md#who-is-emailed). Every function here runs inside the transaction of the
 * change, after it. Nothing internal is ever passed to a template: internal notes send no email,
 * and change lists carry only public fields.
 */

export type TicketChange = {
  field: "status" | "ticketPriority" | "assignee" | "title" | "description" | "category";
  from: string | number | null;
  to: string | number | null;
};

/** Whom an email is about or for: what the templates and the recipient lists need of a user. */
export type Person = Pick<User, "id" | "userId" | "name" | "email">;

/** A ticket with its reporter and assignee (undefined when none, or deleted). */
export type TicketContext = {
  ticket: Ticket;
  reporter: Person | undefined;
  assignee: Person | undefined;
};

async function live(id: number | null | undefined): Promise<User | undefined> {
  if (id == null) return undefined;
  const [user] = await getDb()
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .limit(1);
  return user;
}

const reporter = alias(users, "reporter");
const assignee = alias(users, "assignee");

/** The ticket with its reporter and assignee (unless deleted), in one query: every change sends. */
const withPeople = preparedQuery((db) =>
  db
    .select({ ticket: tickets, reporter, assignee })
    .from(tickets)
    .leftJoin(reporter, and(eq(reporter.id, tickets.reporterId), isNull(reporter.deletedAt)))
    .leftJoin(assignee, and(eq(assignee.id, tickets.assigneeId), isNull(assignee.deletedAt)))
    .where(eq(tickets.number, sql.placeholder("number")))
    .limit(1),
);

async function load(number: number): Promise<TicketContext | undefined> {
  const [row] = await withPeople({ number });
  if (!row) return undefined;
  return {
    ticket: row.ticket,
    reporter: row.reporter ?? undefined,
    assignee: row.assignee ?? undefined,
  };
}

export const ticketUrl = (number: number) => `${env().APP_URL}/tickets/${number}`;

function summary(ticket: Ticket): TicketSummary {
  return {
    number: ticket.number,
    title: ticket.title,
    status: ticket.status,
    ticketPriority: ticket.ticketPriority,
    url: ticketUrl(ticket.number),
  };
}

/** Approved admins' addresses. */
export async function adminEmails(): Promise<string[]> {
  const rows = await approvedAdmins({});
  return rows.map((r) => r.email);
}

const approvedAdmins = preparedQuery((db) =>
  db
    .select({ email: users.email })
    .from(users)
    .where(
      and(eq(users.userType, "ADMIN"), eq(users.userStatus, "APPROVED"), isNull(users.deletedAt)),
    ),
);

const requesterOf = (actor: Person | undefined) => actor?.userId ?? "system";

/**
 * Creation: the reporter (a receipt), the assignee and admins; admins again if no engineer. Given
 * the rows creation has just written, so nothing is read back but the admins.
 */
export async function notifyTicketCreated(ctx: TicketContext) {
  const { ticket, reporter, assignee } = ctx;
  const base = {
    ticket: { ...summary(ticket), description: ticket.description },
    reporterName: reporter?.name ?? "a deleted user",
    assigneeName: assignee?.name ?? null,
  };
  const common = { requester: requesterOf(reporter), ticketNumber: ticket.number } as const;
  const admins = await adminEmails();
  const staff = new Set([...(assignee ? [assignee.email] : []), ...admins]);
  staff.delete(reporter?.email ?? "");
  // One insert: the reporter's receipt first, then the staff's copy.
  await enqueueEach([...(reporter ? [reporter.email] : []), ...staff], (email) => ({
    ...common,
    template: "ticket-created" as const,
    data: { ...base, audience: email === reporter?.email ? "reporter" : "staff" },
  }));
  if (!assignee) await noEngineerEmails(ctx, admins);
}

/** A ticket that found no engineer: admins are told (docs/tickets.md#assignment). */
export async function notifyNoEngineer(number: number) {
  const ctx = await load(number);
  if (ctx) await noEngineerEmails(ctx, await adminEmails());
}

async function noEngineerEmails({ ticket, reporter }: TicketContext, admins: string[]) {
  await enqueueEach(admins, () => ({
    template: "no-engineer" as const,
    data: { ticket: summary(ticket), reporterName: reporter?.name ?? "a deleted user" },
    requester: "system",
    ticketNumber: ticket.number,
  }));
}

/** The reporter and the assignee, except whoever made the change (they know). */
function watchers(ctx: TicketContext, actorId: number | null): string[] {
  return [ctx.reporter, ctx.assignee]
    .filter((u): u is Person => !!u && u.id !== actorId)
    .map((u) => u.email);
}

type DescribedChange = { label: string; from: string; to: string };

async function describe(change: TicketChange): Promise<DescribedChange> {
  const show = async (v: string | number | null): Promise<string> => {
    if (v === null || v === "") return "";
    if (change.field === "status") return STATUS_LABEL[v as TicketStatus] ?? String(v);
    if (change.field === "ticketPriority")
      return PRIORITY_LABEL[Number(v) as Priority] ?? String(v);
    if (change.field === "assignee") {
      const [u] = await getDb()
        .select({ name: users.name })
        .from(users)
        .where(eq(users.userId, String(v)))
        .limit(1);
      return u?.name ?? String(v);
    }
    const s = String(v);
    return s.length > 140 ? `${s.slice(0, 139)}…` : s;
  };
  const labels = {
    status: "Status",
    ticketPriority: "Priority",
    assignee: "Assigned to",
    title: "Title",
    description: "Description",
    category: "Category",
  };
  return { label: labels[change.field], from: await show(change.from), to: await show(change.to) };
}

/** Any update (status, priority, assignee, edits): the reporter and the assignee. */
export async function notifyTicketUpdated(
  number: number,
  actorId: number | null,
  changes: TicketChange[],
) {
  if (changes.length === 0) return;
  const ctx = await load(number);
  if (!ctx) return;
  const actor = await live(actorId);
  const described: DescribedChange[] = [];
  // One query at a time: inside the change's transaction the reads share one connection.
  for (const change of changes) described.push(await describe(change));
  await enqueueEach(watchers(ctx, actorId), () => ({
    template: "ticket-updated" as const,
    data: {
      ticket: summary(ctx.ticket),
      actorName: actor?.name ?? "Caseline",
      changes: described,
    },
    requester: requesterOf(actor),
    ticketNumber: number,
  }));
}

/** A public reply (never an internal note): the reporter and the assignee, except the author. */
export async function notifyReply(number: number, authorId: number, body: string) {
  const ctx = await load(number);
  if (!ctx) return;
  const author = await live(authorId);
  await enqueueEach(watchers(ctx, authorId), () => ({
    template: "ticket-replied" as const,
    data: { ticket: summary(ctx.ticket), authorName: author?.name ?? "Someone", body },
    requester: requesterOf(author),
    ticketNumber: number,
  }));
}
