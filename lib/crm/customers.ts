import { and, desc, eq, getTableColumns, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
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
  createdAt: string;
  lastActiveAt: string | null;
  activeTickets: number;
  totalTickets: number;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// Correlated on the outer query's users row, spelled out: drizzle leaves single-table columns
// unqualified, and an unqualified "id" inside a tickets subquery would mean tickets.id.
const activeTicketsOf = sql<number>`(select count(*) from tickets t
  where t.reporter_id = users.id and t.status in ('OPEN', 'IN_PROGRESS', 'BLOCKED'))`;
const totalTicketsOf = sql<number>`(select count(*) from tickets t where t.reporter_id = users.id)`;

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
  return sql`0`;
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
export function listCustomers(actor: Actor, query: ListCustomersQuery) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const after = decodeCursor(query.cursor, (v): v is number => Number.isInteger(v));
  const where: (SQL | undefined)[] = [isCustomer, customerScope(actor)];
  if (query.q) where.push(userTextMatch(query.q));
  if (query.company) where.push(sql`${users.company} = ${query.company} collate nocase`);
  if (query.status === "active") where.push(isNull(users.deactivatedAt));
  if (query.status === "deactivated") where.push(isNotNull(users.deactivatedAt));
  if (query.hasActiveTickets !== undefined) {
    const exists = sql`exists (select 1 from tickets t where t.reporter_id = users.id
      and t.status in ('OPEN', 'IN_PROGRESS', 'BLOCKED'))`;
    where.push(query.hasActiveTickets ? exists : sql`not ${exists}`);
  }
  if (after !== undefined) where.push(lt(users.id, after));
  const rows = selectCustomers()
    .where(and(...where))
    .orderBy(desc(users.id))
    .limit(query.limit + 1)
    .all();
  return toPage(rows, query.limit, toPublicCustomer, (r) => r.id);
}

/** The customer row, if the actor may see it; 404 otherwise (never 403: ids can't be probed). */
export function findVisibleCustomer(actor: Actor, userId: string): User {
  const row = getDb()
    .select()
    .from(users)
    .where(and(sql`${users.userId} = ${userId} collate nocase`, isCustomer, customerScope(actor)))
    .get();
  if (!row) throw notFound("No such customer");
  return row;
}

export function getCustomer(actor: Actor, userId: string): PublicCustomer {
  requireRole(actor, "ADMIN", "ENGINEER");
  const user = findVisibleCustomer(actor, userId);
  const row = selectCustomers().where(eq(users.id, user.id)).get()!;
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

/** The account's history, newest first: created or imported, invited, edits, (de)activation. */
export function customerHistory(actor: Actor, userId: string): CustomerEvent[] {
  requireRole(actor, "ADMIN", "ENGINEER");
  const customer = findVisibleCustomer(actor, userId);
  const rows = getDb()
    .$client.prepare(
      `select e.id, e.type, a.user_id as actor, a.name as actorName, e.field,
              e.old_value as oldValue, e.new_value as newValue, e.created_at as createdAt
       from user_events e left join users a on a.id = e.actor_id
       where e.user_id = ? order by e.id desc limit 200`,
    )
    .all(customer.id) as (Omit<CustomerEvent, "createdAt"> & { createdAt: number })[];
  const events = rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
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
export function listCompanies(actor: Actor) {
  requireRole(actor, "ADMIN", "ENGINEER");
  const scope = customerScope(actor);
  return getDb()
    .select({
      company: sql<string>`min(${users.company})`,
      customers: sql<number>`count(*)`,
      activeTickets: sql<number>`sum(${activeTicketsOf})`,
    })
    .from(users)
    .where(and(isCustomer, isNotNull(users.company), sql`${users.company} <> ''`, scope))
    .groupBy(sql`${users.company} collate nocase`)
    .orderBy(sql`min(${users.company}) collate nocase`)
    .limit(500)
    .all();
}

/** A history row for a customer; call inside the change's transaction. */
export function recordCustomerEvent(event: {
  userId: number;
  actorId: number | null;
  type: (typeof userEvents.$inferInsert)["type"];
  field?: string;
  oldValue?: string | null;
  newValue?: string | null;
}) {
  getDb()
    .insert(userEvents)
    .values({
      userId: event.userId,
      actorId: event.actorId,
      type: event.type,
      field: event.field ?? null,
      oldValue: event.oldValue ?? null,
      newValue: event.newValue ?? null,
    })
    .run();
}
