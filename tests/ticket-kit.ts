import { getDb } from "@/db/client";
import type { UserStatus, UserType } from "@/db/schema";
import * as ticketsRoute from "@/app/api/v1/tickets/route";
import * as ticketRoute from "@/app/api/v1/tickets/[id]/route";
import * as acceptRoute from "@/app/api/v1/tickets/[id]/accept/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import * as eventsRoute from "@/app/api/v1/tickets/[id]/events/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { createTicket } from "@/lib/tickets/create-ticket";
import { call, makeUser, tokenFor } from "./helpers";

/** Shared fixtures for the ticket suites: people with tokens, route shortcuts and raw SQL probes. */

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
export function raise(
  by: Pick<Person, "actor">,
  title = "Printer jams",
  description = "It jams on every page",
) {
  return createTicket(by.actor, { title, description }).ticket.number;
}

export const sqlite = () => getDb().$client;

/** Raw column values of a ticket. */
export function ticketRow(number: number) {
  return sqlite().prepare("select * from tickets where number = ?").get(number) as
    Record<string, unknown> | undefined;
}

/** Sets raw columns of a ticket (timestamps are epoch milliseconds). Triggers still fire. */
export function setTicket(number: number, columns: Record<string, string | number | null>) {
  const keys = Object.keys(columns);
  sqlite()
    .prepare(`update tickets set ${keys.map((k) => `${k} = ?`).join(", ")} where number = ?`)
    .run(...keys.map((k) => columns[k]), number);
}

/** Gives a ticket straight to an engineer (the working-count triggers still apply). */
export function assignDirectly(number: number, engineer: Pick<Person, "id"> | null) {
  setTicket(number, { assignee_id: engineer?.id ?? null });
}

export function setLastAssigned(who: Pick<Person, "id">, at: number | null) {
  sqlite().prepare("update users set last_assigned_at = ? where id = ?").run(at, who.id);
}

export function workingCount(who: Pick<Person, "id">) {
  return (
    sqlite().prepare("select working_count as n from users where id = ?").get(who.id) as {
      n: number;
    }
  ).n;
}

export function freshWorkingCount(who: Pick<Person, "id">) {
  return (
    sqlite()
      .prepare(
        "select count(*) as n from tickets where assignee_id = ? and status in ('OPEN','IN_PROGRESS')",
      )
      .get(who.id) as { n: number }
  ).n;
}

export function ticketCount() {
  return (sqlite().prepare("select count(*) as n from tickets").get() as { n: number }).n;
}

/** The assignee userId of a ticket, or null. */
export function assigneeOf(number: number) {
  const row = sqlite()
    .prepare(
      "select u.user_id as userId from tickets t left join users u on u.id = t.assignee_id where t.number = ?",
    )
    .get(number) as { userId: string | null };
  return row.userId;
}

export const numbersOf = (json: { data: { number: number }[] }) => json.data.map((t) => t.number);
