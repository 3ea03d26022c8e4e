import { and, eq, isNull, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { preparedQuery } from "@/db/prepared";
import { cache } from "react";
import { MAX_ROW_ID, USER_TYPES, type UserType } from "@/db/enums";
import { tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { selectTickets, type TicketRow } from "./public-ticket";

/** Who is looking: an actor, or a role with its id left to a prepared query's value. */
type Viewer = Pick<Actor, "userType"> & { id: number | Placeholder };

/**
 * What each role may see (docs/visibility.md#tickets), as a where-clause so every list and lookup shares it:
 * admins everything; engineers what is assigned to or reported by them, plus the unassigned pool;
 * customers only their own.
 */
export function visibleTo(actor: Viewer): SQL | undefined {
  const parts = branches(actor).map((b) => b.where);
  return parts.length === 1 ? parts[0] : or(...parts);
}

/**
 * The same rule as its branches, each true of no ticket an earlier one is true of, so their
 * results add up to visibleTo's without counting a ticket twice: a query by each part can walk
 * an index of its own column (an engineer's assigned and reported tickets), where one OR across
 * columns makes both engines walk a shared index and filter every row of it. `[undefined]` for
 * admins (everything). `settled`: the caller asks only about tickets that are resolved or closed
 * (a report of resolutions), so a branch that holds only active tickets (the unassigned pool) is
 * left out rather than left to the planner to find empty.
 */
export function visibleParts(
  actor: Viewer,
  { settled = false }: { settled?: boolean } = {},
): (SQL | undefined)[] {
  const all = branches(actor);
  // `not coalesce(…, false)`: an earlier branch that is unknown (a null assignee) does not hold.
  return all.flatMap(({ where, activeOnly }, i) =>
    settled && activeOnly
      ? []
      : [
          i === 0
            ? where
            : and(
                where,
                ...all.slice(0, i).map((earlier) => sql`not coalesce(${earlier.where}, false)`),
              ),
        ],
  );
}

/** visibleTo's alternatives, and which of them only active tickets can meet. */
function branches(actor: Viewer): { where: SQL | undefined; activeOnly?: boolean }[] {
  if (actor.userType === "ADMIN") return [{ where: undefined }];
  if (actor.userType === "ENGINEER") {
    return [
      { where: eq(tickets.assigneeId, actor.id) },
      { where: eq(tickets.reporterId, actor.id) },
      { where: and(isNull(tickets.assigneeId), isActive), activeOnly: true },
    ];
  }
  return [{ where: eq(tickets.reporterId, actor.id) }];
}

/** `:id` is the public id or the number (with or without "#"); null when it can name no ticket. */
function parseTicketRef(ref: string): { number: number } | { id: string } | null {
  if (!/^#?\d{1,15}$/.test(ref)) return { id: ref };
  const number = Number(ref.replace("#", ""));
  // A number beyond any ticket's (32-bit) names none; PostgreSQL would refuse the comparison.
  return number > MAX_ROW_ID ? null : { number };
}

export function ticketRefWhere(ref: string): SQL {
  const parsed = parseTicketRef(ref);
  if (!parsed) return sql`1 = 0`;
  return "number" in parsed ? eq(tickets.number, parsed.number) : eq(tickets.id, parsed.id);
}

/**
 * A ticket the actor may see, or 404: never 403, so ids can't be probed. Within one server render
 * (a ticket page asks for its conversation, timeline and attachments, each checking the ticket
 * again) React's `cache` reads it once per actor and reference; elsewhere each call reads anew.
 */
export const findVisibleTicket = cache(async (actor: Actor, ref: string): Promise<TicketRow> => {
  const parsed = parseTicketRef(ref);
  const [row] = !parsed
    ? []
    : "number" in parsed
      ? await visibleByNumber[actor.userType]({ ...parsed, viewer: actor.id })
      : await visibleById[actor.userType]({ ...parsed, viewer: actor.id });
  if (!row) throw notFound("No such ticket");
  return row;
});

/** The lookups of findVisibleTicket, by number and by public id, one per role: built once each. */
const visibleLookups = (ref: SQL) =>
  Object.fromEntries(
    USER_TYPES.map((userType) => [
      userType,
      preparedQuery((db) =>
        selectTickets(db)
          .where(and(ref, visibleTo({ userType, id: sql.placeholder("viewer") })))
          .limit(1),
      ),
    ]),
  ) as Record<UserType, (values: Record<string, unknown>) => Promise<TicketRow[]>>;
const visibleByNumber = visibleLookups(eq(tickets.number, sql.placeholder("number")));
const visibleById = visibleLookups(eq(tickets.id, sql.placeholder("id")));

/**
 * Active, spelled as literals: SQLite uses a partial index (the unassigned pool's, migration 0001)
 * only when the query repeats its condition exactly, and bound parameters never match (PostgreSQL
 * likewise for its partial indexes).
 */
export const isActive = sql`${tickets.status} in ('OPEN', 'IN_PROGRESS', 'BLOCKED')`;
export const isNotActive = sql`${tickets.status} not in ('OPEN', 'IN_PROGRESS', 'BLOCKED')`;

export const isStaff = (actor: Actor) =>
  actor.userType === "ENGINEER" || actor.userType === "ADMIN";
