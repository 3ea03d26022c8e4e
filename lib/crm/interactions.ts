import { and, asc, desc, eq, gt, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { alias } from "@/db/dialect";
import { interactions, tickets, users, type Interaction, type User } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { utcDateTime } from "@/lib/format";
import { enqueueEach } from "@/lib/notifications/outbox";
import { decodeCursor, isIntegerPair, toPage } from "@/lib/pagination";
import { visibleTo } from "@/lib/tickets/visibility";
import { findUserByUserId } from "@/lib/users/find-user";
import type {
  CreateInteractionInput,
  ListInteractionsQuery,
  UpdateInteractionInput,
} from "@/lib/validation/crm";
import { findVisibleCustomer } from "./customers";

export type PublicInteraction = {
  id: number;
  kind: Interaction["kind"];
  title: string;
  notes: string | null;
  scheduledAt: string;
  status: Interaction["status"];
  overdue: boolean;
  owner: string;
  ownerName: string;
  customer: string;
  customerName: string;
  customerCompany: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

const owner = alias(users, "owner");
const customer = alias(users, "customer");

function selectInteractions() {
  return getDb()
    .select({
      row: interactions,
      owner: owner.userId,
      ownerName: owner.name,
      customer: customer.userId,
      customerName: customer.name,
      customerCompany: customer.company,
    })
    .from(interactions)
    .innerJoin(owner, eq(owner.id, interactions.ownerId))
    .innerJoin(customer, eq(customer.id, interactions.customerId));
}
type Selected = Awaited<ReturnType<typeof selectInteractions>>[number];

function toPublic({ row, ...names }: Selected): PublicInteraction {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    notes: row.notes,
    scheduledAt: row.scheduledAt.toISOString(),
    status: row.status,
    overdue: row.status === "PLANNED" && row.scheduledAt.getTime() < Date.now(),
    ...names,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Who sees which interactions: admins all; engineers the ones they own, and those with customers
 * they work with (docs/visibility.md#customers-and-interactions). Customers none.
 */
function interactionScope(actor: Actor): SQL | undefined {
  if (actor.userType === "ADMIN") return undefined;
  return or(
    eq(interactions.ownerId, actor.id),
    sql`${interactions.customerId} in (select reporter_id from tickets where assignee_id = ${actor.id})`,
  );
}

async function findVisible(actor: Actor, id: number) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const [row] = await selectInteractions()
    .where(and(eq(interactions.id, id), interactionScope(actor)))
    .limit(1);
  if (!row) throw notFound("No such interaction");
  return row;
}

export async function getInteraction(actor: Actor, id: number): Promise<PublicInteraction> {
  return toPublic(await findVisible(actor, id));
}

/** The tickets raised from an interaction that the actor may see. */
export async function interactionTickets(actor: Actor, id: number) {
  await findVisible(actor, id);
  return getDb()
    .select({ number: tickets.number, title: tickets.title, status: tickets.status })
    .from(tickets)
    .where(and(eq(tickets.interactionId, id), visibleTo(actor)))
    .orderBy(asc(tickets.number));
}

const startOf = (v: string) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
const endOf = (v: string) =>
  v.length === 10 ? new Date(new Date(`${v}T00:00:00Z`).getTime() + 86_400_000 - 1) : new Date(v);

// [scheduledAt in ms, id]
const isKey = isIntegerPair;

/**
 * GET /interactions. The agenda (view=agenda) is what is still planned, soonest first, so overdue
 * ones lead; otherwise newest scheduled first. Filters: status, kind, owner, customer, date range.
 */
export async function listInteractions(actor: Actor, query: ListInteractionsQuery) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const agenda = query.view === "agenda";
  const after = decodeCursor(query.cursor, isKey);
  const where: (SQL | undefined)[] = [interactionScope(actor)];
  const status = agenda ? "PLANNED" : query.status;
  if (status) where.push(eq(interactions.status, status));
  if (query.kind) where.push(eq(interactions.kind, query.kind));
  if (query.owner) {
    const ownerId = query.owner === "me" ? actor.id : (await findUserByUserId(query.owner))?.id;
    where.push(eq(interactions.ownerId, ownerId ?? -1));
  }
  if (query.customer) {
    const c = await findUserByUserId(query.customer);
    where.push(eq(interactions.customerId, c?.id ?? -1));
  }
  if (query.from) where.push(gte(interactions.scheduledAt, startOf(query.from)));
  if (query.to) where.push(lte(interactions.scheduledAt, endOf(query.to)));
  if (after) {
    const [at, id] = after;
    where.push(
      agenda
        ? or(
            gt(interactions.scheduledAt, new Date(at)),
            and(eq(interactions.scheduledAt, new Date(at)), gt(interactions.id, id)),
          )
        : or(
            lt(interactions.scheduledAt, new Date(at)),
            and(eq(interactions.scheduledAt, new Date(at)), lt(interactions.id, id)),
          ),
    );
  }
  const order = agenda
    ? [asc(interactions.scheduledAt), asc(interactions.id)]
    : [desc(interactions.scheduledAt), desc(interactions.id)];
  const rows = await selectInteractions()
    .where(and(...where))
    .orderBy(...order)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, toPublic, (r) => [r.row.scheduledAt.getTime(), r.row.id]);
}

/** An approved engineer or admin, by userId: the only people who may own an interaction. */
async function staffMember(userId: string): Promise<User> {
  const user = await findUserByUserId(userId);
  if (
    !user ||
    user.userStatus !== "APPROVED" ||
    user.userType === "CUSTOMER" ||
    user.deactivatedAt
  ) {
    throw invalid("The owner must be an approved engineer or admin", {
      owner: ["Not an approved engineer or admin"],
    });
  }
  return user;
}

const NOTIFY_KINDS: Interaction["kind"][] = ["MEETING", "CALL"];

/** Meetings and calls involve the customer: they are told when one is set, moved or cancelled. */
async function notifyCustomer(
  row: Interaction,
  change: "scheduled" | "rescheduled" | "cancelled",
  by: Actor,
) {
  if (!NOTIFY_KINDS.includes(row.kind)) return;
  const db = getDb();
  const [cust] = await db.select().from(users).where(eq(users.id, row.customerId)).limit(1);
  const [own] = await db.select().from(users).where(eq(users.id, row.ownerId)).limit(1);
  if (!cust || cust.deletedAt || cust.deactivatedAt) return;
  await enqueueEach([cust.email], () => ({
    template: "meeting-scheduled" as const,
    data: {
      name: cust.name,
      kind: row.kind,
      title: row.title,
      when: utcDateTime(row.scheduledAt),
      ownerName: own?.name ?? "your support team",
      notes: row.notes,
      change,
    },
    requester: by.userId,
  }));
}

/** A meeting, call, task or follow-up with a customer the actor may see (docs/crm.md#interactions). */
export async function createInteraction(actor: Actor, input: CreateInteractionInput) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const cust = await findCustomerForInteraction(actor, input.customer);
  const ownerUser = input.owner ? await staffMember(input.owner) : null;
  if (ownerUser && ownerUser.id !== actor.id && actor.userType !== "ADMIN") {
    throw forbidden("Only an admin gives an interaction to someone else");
  }
  const id = await writeTransaction(async () => {
    const [row] = await getDb()
      .insert(interactions)
      .values({
        kind: input.kind,
        title: input.title,
        notes: input.notes ?? null,
        scheduledAt: new Date(input.scheduledAt),
        ownerId: ownerUser?.id ?? actor.id,
        customerId: cust.id,
        createdById: actor.id,
      })
      .returning();
    await notifyCustomer(row, "scheduled", actor);
    return row.id;
  });
  return getInteraction(actor, id);
}

async function findCustomerForInteraction(actor: Actor, userId: string) {
  try {
    return await findVisibleCustomer(actor, userId);
  } catch {
    throw invalid("Choose a customer you work with", { customer: ["No such customer"] });
  }
}

/**
 * Edit, reschedule, complete (DONE) or cancel. The owner and admins may; a finished one (done or
 * cancelled) can be reopened by setting status PLANNED again.
 */
export async function updateInteraction(actor: Actor, id: number, input: UpdateInteractionInput) {
  const { row } = await findVisible(actor, id);
  if (actor.userType !== "ADMIN" && row.ownerId !== actor.id) {
    throw forbidden("Only its owner or an admin changes an interaction");
  }
  const changes: Partial<Interaction> = {};
  if (input.kind !== undefined) changes.kind = input.kind;
  if (input.title !== undefined) changes.title = input.title;
  if (input.notes !== undefined) changes.notes = input.notes;
  if (input.scheduledAt !== undefined) changes.scheduledAt = new Date(input.scheduledAt);
  if (input.owner !== undefined) {
    if (actor.userType !== "ADMIN")
      throw forbidden("Only an admin gives an interaction to someone else");
    changes.ownerId = (await staffMember(input.owner)).id;
  }
  if (input.status !== undefined && input.status !== row.status) {
    changes.status = input.status;
    changes.completedAt = input.status === "DONE" ? new Date() : null;
  }
  await writeTransaction(async () => {
    const [next] = await getDb()
      .update(interactions)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(interactions.id, id))
      .returning();
    if (changes.status === "CANCELLED" && row.status === "PLANNED") {
      await notifyCustomer(next, "cancelled", actor);
    } else if (
      next.status === "PLANNED" &&
      (changes.scheduledAt?.getTime() ?? row.scheduledAt.getTime()) !== row.scheduledAt.getTime()
    ) {
      await notifyCustomer(next, "rescheduled", actor);
    } else if (changes.status === "PLANNED") {
      await notifyCustomer(next, "scheduled", actor);
    }
  });
  return getInteraction(actor, id);
}

/** Deletes an interaction; tickets raised from it stay, without the link. Owner or admin. */
export async function deleteInteraction(actor: Actor, id: number) {
  const { row } = await findVisible(actor, id);
  if (actor.userType !== "ADMIN" && row.ownerId !== actor.id) {
    throw forbidden("Only its owner or an admin deletes an interaction");
  }
  await writeTransaction(async () => {
    const db = getDb();
    await db.update(tickets).set({ interactionId: null }).where(eq(tickets.interactionId, id));
    await db.delete(interactions).where(eq(interactions.id, id));
  });
  return { message: `Interaction "${row.title}" deleted` };
}

/** For ticket creation from an interaction: it must exist and be visible to the actor. */
export async function interactionForTicket(actor: Actor, id: number) {
  try {
    return (await findVisible(actor, id)).row;
  } catch {
    throw invalid("No such interaction", { interactionId: ["No such interaction"] });
  }
}

/** Approved engineers and admins, for choosing an interaction's owner (admins only choose). */
export async function listStaff(actor: Actor) {
  requireRole(actor, "ADMIN");
  return getDb()
    .select({ userId: users.userId, name: users.name })
    .from(users)
    .where(
      and(
        sql`${users.userType} in ('ENGINEER', 'ADMIN')`,
        eq(users.userStatus, "APPROVED"),
        sql`${users.deletedAt} is null`,
      ),
    )
    .orderBy(asc(users.name));
}
