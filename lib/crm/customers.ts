import { and, desc, eq, getTableColumns, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { alias, foldedText, sameText } from "@/db/dialect";
import { userEvents, users, type User } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { decodeCursor, toPage } from "@/lib/pagination";
import { userTextMatch } from "@/lib/users/text-match";
import type { ListCustomersQuery } from "@/lib/validation/crm";

export type PublicCustomer = {
  userId: string;
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  status: "ACTIVE" | "DEACTIVATED";
  /** False for an imported customer who hasn't chosen a password yet. */
  hasPassword: boolean;
  emailVerifiedAt: string | null;
  /** When mail to this address last bounced (docs/email.md#loops-bounces-and-duplicates), or null. */
  emailBouncedAt: string | null;
  createdAt: string;
  lastActiveAt: string | null;
  activeTickets: number;
  totalTickets: number;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// Correlated on the outer query's users row, spelled out: drizzle leaves single-table columns
// unqualified, and an unqualified "id" inside a tickets subquery would mean tickets.id. Cast:
// PostgreSQL counts are bigints, which its driver hands over as strings.
const activeTicketsOf = sql<number>`(select cast(count(*) as integer) from tickets t
  where t.reporter_id = users.id and t.status in ('OPEN', 'IN_PROGRESS', 'BLOCKED'))`.mapWith(
  Number,
);
const totalTicketsOf = sql<number>`(select cast(count(*) as integer) from tickets t
  where t.reporter_id = users.id)`.mapWith(Number);

type Row = User & { activeTickets: number; totalTickets: number };

function toPublicCustomer(row: Row): PublicCustomer {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    company: row.company,
    phone: row.phone,
    status: row.deactivatedAt ? "DEACTIVATED" : "ACTIVE",
    hasPassword: row.passwordHash.startsWith("scrypt$"),
    emailVerifiedAt: iso(row.emailVerifiedAt),
    emailBouncedAt: iso(row.emailBouncedAt),
    createdAt: row.createdAt.toISOString(),
    lastActiveAt: iso(row.lastActiveAt),
    activeTickets: row.activeTickets,
    totalTickets: row.totalTickets,
  };
}

/**
 * Who may see which customers (docs/visibility.md#customers-and-interactions): admins all; engineers those who raised a ticket the
 * engineer works on (assigned to them). Customers none.
 */
export function customerScope(actor: Actor): SQL | undefined {
  if (actor.userType === "ADMIN") return undefined;
  if (actor.userType === "ENGINEER") {
    return sql`${users.id} in (select reporter_id from tickets where assignee_id = ${actor.id})`;
  }
  // A condition both engines read as false (PostgreSQL refuses a bare 0 as a condition).
  return sql`1 = 0`;
}

const isCustomer = and(eq(users.userType, "CUSTOMER"), isNull(users.deletedAt));

function selectCustomers() {
  return getDb()
    .select({
      ...getTableColumns(users),
      activeTickets: activeTicketsOf,
      totalTickets: totalTicketsOf,
    })
    .from(users);
}

/** GET /customers: newest first, by text, company, status and whether they have active tickets. */
export async function listCustomers(actor: Actor, query: ListCustomersQuery) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const after = decodeCursor(query.cursor, (v): v is number => Number.isInteger(v));
  const where: (SQL | undefined)[] = [isCustomer, customerScope(actor)];
  if (query.q) where.push(userTextMatch(query.q));
  if (query.company) where.push(sameText(users.company, query.company));
  if (query.status === "active") where.push(isNull(users.deactivatedAt));
  if (query.status === "deactivated") where.push(isNotNull(users.deactivatedAt));
  if (query.hasActiveTickets !== undefined) {
    const exists = sql`exists (select 1 from tickets t where t.reporter_id = users.id
      and t.status in ('OPEN', 'IN_PROGRESS', 'BLOCKED'))`;
    where.push(query.hasActiveTickets ? exists : sql`not ${exists}`);
  }
  if (after !== undefined) where.push(lt(users.id, after));
  const rows = await selectCustomers()
    .where(and(...where))
    .orderBy(desc(users.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, toPublicCustomer, (r) => r.id);
}

/** The customer row, if the actor may see it; 404 otherwise (never 403: ids can't be probed). */
export async function findVisibleCustomer(actor: Actor, userId: string): Promise<User> {
  const [row] = await getDb()
    .select()
    .from(users)
    .where(and(sameText(users.userId, userId), isCustomer, customerScope(actor)))
    .limit(1);
  if (!row) throw notFound("No such customer");
  return row;
}

export async function getCustomer(actor: Actor, userId: string): Promise<PublicCustomer> {
  requireRole(actor, "ADMIN", "ENGINEER");
  const user = await findVisibleCustomer(actor, userId);
  const [row] = await selectCustomers().where(eq(users.id, user.id)).limit(1);
  return toPublicCustomer(row);
}

export type CustomerEvent = {
  id: number;
  type: string;
  actor: string | null;
  actorName: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  createdAt: string;
};

const eventActor = alias(users, "actor");

/** The account's history, newest first: created or imported, invited, edits, (de)activation. */
export async function customerHistory(actor: Actor, userId: string): Promise<CustomerEvent[]> {
  requireRole(actor, "ADMIN", "ENGINEER");
  const customer = await findVisibleCustomer(actor, userId);
  const rows = await getDb()
    .select({
      id: userEvents.id,
      type: userEvents.type,
      actor: eventActor.userId,
      actorName: eventActor.name,
      field: userEvents.field,
      oldValue: userEvents.oldValue,
      newValue: userEvents.newValue,
      createdAt: userEvents.createdAt,
    })
    .from(userEvents)
    .leftJoin(eventActor, eq(eventActor.id, userEvents.actorId))
    .where(eq(userEvents.userId, customer.id))
    .orderBy(desc(userEvents.id))
    .limit(200);
  const events: CustomerEvent[] = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  if (!events.some((e) => e.type === "created" || e.type === "imported")) {
    events.push({
      id: 0,
      type: "created",
      actor: customer.userId,
      actorName: customer.name,
      field: null,
      oldValue: null,
      newValue: null,
      createdAt: customer.createdAt.toISOString(),
    });
  }
  return events;
}

/** Companies with how many customers and active tickets each, for the customers screen. */
export async function listCompanies(actor: Actor) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const scope = customerScope(actor);
  const company = sql<string>`min(${users.company})`;
  // One row per company whatever the case it was typed in ("Acme", "ACME"), as sameText matches.
  return getDb()
    .select({
      company,
      customers: sql<number>`cast(count(*) as integer)`.mapWith(Number),
      activeTickets: sql<number>`cast(sum(${activeTicketsOf}) as integer)`.mapWith(Number),
    })
    .from(users)
    .where(and(isCustomer, isNotNull(users.company), sql`${users.company} <> ''`, scope))
    .groupBy(foldedText(users.company))
    .orderBy(foldedText(company))
    .limit(500);
}

/** A history row for a customer; call inside the change's transaction. */
export async function recordCustomerEvent(event: {
  userId: number;
  actorId: number | null;
  type: (typeof userEvents.$inferInsert)["type"];
  field?: string;
  oldValue?: string | null;
  newValue?: string | null;
}) {
  await getDb()
    .insert(userEvents)
    .values({
      userId: event.userId,
      actorId: event.actorId,
      type: event.type,
      field: event.field ?? null,
      oldValue: event.oldValue ?? null,
      newValue: event.newValue ?? null,
    });
}
