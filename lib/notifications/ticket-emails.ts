import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
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

type Context = { ticket: Ticket; reporter: User | undefined; assignee: User | undefined };

const live = (id: number | null | undefined) =>
  id == null
    ? undefined
    : getDb()
        .select()
        .from(users)
        .where(and(eq(users.id, id), isNull(users.deletedAt)))
        .get();

function load(number: number): Context | undefined {
  const ticket = getDb().select().from(tickets).where(eq(tickets.number, number)).get();
  if (!ticket) return undefined;
  return { ticket, reporter: live(ticket.reporterId), assignee: live(ticket.assigneeId) };
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
export function adminEmails(): string[] {
  return getDb()
    .select({ email: users.email })
    .from(users)
    .where(
      and(eq(users.userType, "ADMIN"), eq(users.userStatus, "APPROVED"), isNull(users.deletedAt)),
    )
    .all()
    .map((r) => r.email);
}

const requesterOf = (actor: User | undefined) => actor?.userId ?? "system";

/** Creation: the reporter (a receipt), the assignee and admins; admins again if no engineer. */
export function notifyTicketCreated(number: number) {
  const ctx = load(number);
  if (!ctx) return;
  const { ticket, reporter, assignee } = ctx;
  const base = {
    ticket: { ...summary(ticket), description: ticket.description },
    reporterName: reporter?.name ?? "a deleted user",
    assigneeName: assignee?.name ?? null,
  };
  const common = { requester: requesterOf(reporter), ticketNumber: number } as const;
  if (reporter) {
    enqueueEach([reporter.email], () => ({
      ...common,
      template: "ticket-created" as const,
      data: { ...base, audience: "reporter" as const },
    }));
  }
  const staff = new Set([...(assignee ? [assignee.email] : []), ...adminEmails()]);
  staff.delete(reporter?.email ?? "");
  enqueueEach(staff, () => ({
    ...common,
    template: "ticket-created" as const,
    data: { ...base, audience: "staff" as const },
  }));
  if (!assignee) notifyNoEngineer(number, reporter);
}

/** A ticket that found no engineer: admins are told (docs/tickets.md#assignment). */
export function notifyNoEngineer(number: number, reporter?: User) {
  const ctx = load(number);
  if (!ctx) return;
  enqueueEach(adminEmails(), () => ({
    template: "no-engineer" as const,
    data: {
      ticket: summary(ctx.ticket),
      reporterName: (reporter ?? ctx.reporter)?.name ?? "a deleted user",
    },
    requester: "system",
    ticketNumber: number,
  }));
}

/** The reporter and the assignee, except whoever made the change (they know). */
function watchers(ctx: Context, actorId: number | null): string[] {
  return [ctx.reporter, ctx.assignee]
    .filter((u): u is User => !!u && u.id !== actorId)
    .map((u) => u.email);
}

function describe(change: TicketChange): { label: string; from: string; to: string } {
  const show = (v: string | number | null): string => {
    if (v === null || v === "") return "";
    if (change.field === "status") return STATUS_LABEL[v as TicketStatus] ?? String(v);
    if (change.field === "ticketPriority")
      return PRIORITY_LABEL[Number(v) as Priority] ?? String(v);
    if (change.field === "assignee") {
      const u = getDb()
        .select({ name: users.name })
        .from(users)
        .where(eq(users.userId, String(v)))
        .get();
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
  return { label: labels[change.field], from: show(change.from), to: show(change.to) };
}

/** Any update (status, priority, assignee, edits): the reporter and the assignee. */
export function notifyTicketUpdated(
  number: number,
  actorId: number | null,
  changes: TicketChange[],
) {
  if (changes.length === 0) return;
  const ctx = load(number);
  if (!ctx) return;
  const actor = live(actorId);
  enqueueEach(watchers(ctx, actorId), () => ({
    template: "ticket-updated" as const,
    data: {
      ticket: summary(ctx.ticket),
      actorName: actor?.name ?? "Caseline",
      changes: changes.map(describe),
    },
    requester: requesterOf(actor),
    ticketNumber: number,
  }));
}

/** A public reply (never an internal note): the reporter and the assignee, except the author. */
export function notifyReply(number: number, authorId: number, body: string) {
  const ctx = load(number);
  if (!ctx) return;
  const author = live(authorId);
  enqueueEach(watchers(ctx, authorId), () => ({
    template: "ticket-replied" as const,
    data: { ticket: summary(ctx.ticket), authorName: author?.name ?? "Someone", body },
    requester: requesterOf(author),
    ticketNumber: number,
  }));
}
