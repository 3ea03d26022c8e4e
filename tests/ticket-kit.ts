import { and, count, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { AnyPgTable } from "drizzle-orm/pg-core";
import { getDb, row, writeTransaction } from "@/db/client";
import { tickets, users, type UserStatus, type UserType } from "@/db/schema";
import * as ticketsRoute from "@/app/api/v1/tickets/route";
import * as ticketRoute from "@/app/api/v1/tickets/[id]/route";
import * as acceptRoute from "@/app/api/v1/tickets/[id]/accept/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import * as eventsRoute from "@/app/api/v1/tickets/[id]/events/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { createTicket } from "@/lib/tickets/create-ticket";
import { call, makeUser, tokenFor } from "./helpers";

/** Shared fixtures for the ticket suites: people with tokens, route shortcuts and database probes
 * that run on either engine (SQLite and PostgreSQL). */

export type Person = Awaited<ReturnType<typeof person>>;

/** A user with their database id and (when approved) an API token. */
export async function person(userType: UserType = "CUSTOMER", userStatus: UserStatus = "APPROVED") {
  const made = await makeUser(userType, userStatus);
  const token = userStatus === "APPROVED" ? await tokenFor(made.user) : "";
  return { ...made, id: made.user.id, token };
}

type Ref = string | number;
const p = (id: Ref) => ({ id: String(id) });

/** One shortcut per ticket route; every call goes through the real handler. */
export const api = {
  create: (token: string, body: unknown) =>
    call(ticketsRoute.POST, "POST", "/api/v1/tickets", { token, body }),
  list: (token: string, query = "") =>
    call(ticketsRoute.GET, "GET", `/api/v1/tickets${query ? `?${query}` : ""}`, { token }),
  get: (token: string, id: Ref) =>
    call(ticketRoute.GET, "GET", `/api/v1/tickets/${id}`, { token }, p(id)),
  update: (token: string, id: Ref, body: unknown, method: "PUT" | "PATCH" = "PATCH") =>
    call(ticketRoute[method], method, `/api/v1/tickets/${id}`, { token, body }, p(id)),
  remove: (token: string, id: Ref) =>
    call(ticketRoute.DELETE, "DELETE", `/api/v1/tickets/${id}`, { token }, p(id)),
  accept: (token: string, id: Ref) =>
    call(acceptRoute.POST, "POST", `/api/v1/tickets/${id}/accept`, { token }, p(id)),
  replies: (token: string, id: Ref) =>
    call(repliesRoute.GET, "GET", `/api/v1/tickets/${id}/replies`, { token }, p(id)),
  reply: (token: string, id: Ref, body: unknown) =>
    call(repliesRoute.POST, "POST", `/api/v1/tickets/${id}/replies`, { token, body }, p(id)),
  events: (token: string, id: Ref) =>
    call(eventsRoute.GET, "GET", `/api/v1/tickets/${id}/events`, { token }, p(id)),
  updateUser: (token: string, userId: string, body: unknown) =>
    call(userRoute.PATCH, "PATCH", `/api/v1/users/${userId}`, { token, body }, { userId }),
  deleteUser: (token: string, userId: string) =>
    call(userRoute.DELETE, "DELETE", `/api/v1/users/${userId}`, { token }, { userId }),
};

/** A ticket raised through the domain (fast path for fixtures); returns its number. */
export async function raise(
  by: Pick<Person, "actor">,
  title = "Printer jams",
  description = "It jams on every page",
) {
  return (await createTicket(by.actor, { title, description })).ticket.number;
}

/**
 * Raw column values of a ticket, keyed by column name (`assignee_id`, `created_at`…), as the
 * driver gives them: timestamps are numbers on SQLite and Dates on PostgreSQL, so compare a row
 * with another row of the same run, not with a literal timestamp.
 */
export async function ticketRow(number: number) {
  return row(sql`select * from tickets where number = ${number}`);
}

type ColumnValue = string | number | boolean | Date | null;

/**
 * Sets columns of a ticket through the query builder, so it runs on either engine. Keys are the
 * column names (`resolved_at`) or the schema's property names (`resolvedAt`); a timestamp may be
 * given as a Date or as epoch milliseconds. Triggers still fire.
 */
export async function setTicket(number: number, columns: Record<string, ColumnValue>) {
  const byName = Object.entries(getTableColumns(tickets));
  const values: Record<string, ColumnValue> = {};
  for (const [key, value] of Object.entries(columns)) {
    const found = byName.find(([prop, column]) => prop === key || column.name === key);
    if (!found) throw new Error(`tickets has no column ${key}`);
    const [prop, column] = found;
    values[prop] =
      column.dataType === "date" && typeof value === "number" ? new Date(value) : value;
  }
  await writeTransaction(async () => {
    await getDb().update(tickets).set(values).where(eq(tickets.number, number));
  });
}

/** Gives a ticket straight to an engineer (the working-count triggers still apply). */
export async function assignDirectly(number: number, engineer: Pick<Person, "id"> | null) {
  await setTicket(number, { assignee_id: engineer?.id ?? null });
}

/** When the engineer was last given a ticket (a Date, or epoch milliseconds). */
export async function setLastAssigned(who: Pick<Person, "id">, at: Date | number | null) {
  const lastAssignedAt = typeof at === "number" ? new Date(at) : at;
  await writeTransaction(async () => {
    await getDb().update(users).set({ lastAssignedAt }).where(eq(users.id, who.id));
  });
}

/** The working count the triggers keep on the user row. */
export async function workingCount(who: Pick<Person, "id">) {
  const [user] = await getDb()
    .select({ n: users.workingCount })
    .from(users)
    .where(eq(users.id, who.id))
    .limit(1);
  return user.n;
}

/** The working count computed afresh from the tickets (OPEN and IN_PROGRESS ones assigned). */
export async function freshWorkingCount(who: Pick<Person, "id">) {
  const [counted] = await getDb()
    .select({ n: count() })
    .from(tickets)
    .where(and(eq(tickets.assigneeId, who.id), inArray(tickets.status, ["OPEN", "IN_PROGRESS"])));
  return counted.n;
}

/** How many rows a table holds (tickets, interactions, users…). */
export async function rowCount(table: AnyPgTable) {
  const [counted] = await getDb().select({ n: count() }).from(table);
  return counted.n;
}

export async function ticketCount() {
  return rowCount(tickets);
}

/** The assignee userId of a ticket, or null. */
export async function assigneeOf(number: number) {
  const [found] = await getDb()
    .select({ userId: users.userId })
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(eq(tickets.number, number))
    .limit(1);
  return found.userId;
}

export const numbersOf = (json: { data: { number: number }[] }) => json.data.map((t) => t.number);
