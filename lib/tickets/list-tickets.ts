import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from "drizzle-orm";
import { getDb } from "@/db/client";
import { SEARCH_WINDOW, ticketSearch } from "@/db/search";
import { tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { decodeCursor, encodeCursor, isIntegerPair, toPage, type Page } from "@/lib/pagination";
import { findUserByUserId } from "@/lib/users/find-user";
import type { ListTicketsQuery } from "@/lib/validation/tickets";
import { selectTickets, toPublicTicket, type PublicTicket, type TicketRow } from "./public-ticket";
import { isActive, isNotActive, isStaff, visibleTo } from "./visibility";

// [sort value, number]: every sort key is an integer (0, updatedAt in ms, priority, queue rank).
const isCursor = isIntegerPair;

/** A date-only upper bound includes the whole day. */
const endOf = (value: string) =>
  new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value);
const startOf = (value: string) =>
  new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value);

type SortKey = {
  /** What the list orders by (a column, so cursor values are bound the way it stores them). */
  expr: SQLWrapper;
  /** A row's key, as the integer the cursor carries. */
  of: (r: TicketRow) => number;
  /** The cursor's integer as a value to compare `expr` with. */
  value: (key: number) => unknown;
  defaultOrder: "asc" | "desc";
};

/** The sort key of each order; ties always break on number. */
const SORT_KEYS: Record<ListTicketsQuery["sort"], SortKey> = {
  created: { expr: sql`0`, of: () => 0, value: (key) => key, defaultOrder: "desc" },
  updated: {
    expr: tickets.updatedAt,
    of: (r) => r.updatedAt.getTime(),
    value: (key) => new Date(key),
    defaultOrder: "desc",
  },
  priority: {
    expr: tickets.ticketPriority,
    of: (r) => r.ticketPriority,
    value: (key) => key,
    defaultOrder: "asc",
  },
  // The engineer's queue: working tickets before blocked ones, then by priority, then oldest first.
  queue: {
    expr: sql`(case when ${tickets.status} = 'BLOCKED' then 10 else 0 end + ${tickets.ticketPriority})`,
    of: (r) => (r.status === "BLOCKED" ? 10 : 0) + r.ticketPriority,
    value: (key) => key,
    defaultOrder: "asc",
  },
};

/**
 * GET /tickets (docs/tickets.md#filters-and-sorting): what the actor may see, filtered, searched
 * with the engine's full-text index (db/search.ts), sorted by created, updated, priority or queue
 * order, with a stable keyset cursor.
 */
export async function listTickets(
  actor: Actor,
  query: ListTicketsQuery,
): Promise<Page<PublicTicket>> {
  // The actor's own ID needs no lookup (an engineer's queue asks for it on every load).
  const idOf = async (userId: string) =>
    userId === actor.userId ? actor.id : ((await findUserByUserId(userId))?.id ?? -1);
  const assigneeId =
    query.unassigned || query.assignee === "none"
      ? null
      : query.assignee
        ? await idOf(query.assignee)
        : undefined;
  // An engineer's own tickets are all theirs to see: on their queue the visibility rule adds
  // nothing, and leaving it out lets the database read the queue from its index in order.
  const ownQueue = actor.userType === "ENGINEER" && assigneeId === actor.id;
  const where: (SQL | undefined)[] = [ownQueue ? undefined : visibleTo(actor)];
  if (query.status) where.push(inArray(tickets.status, query.status));
  if (query.active !== undefined) where.push(query.active ? isActive : isNotActive);
  if (query.ticketPriority !== undefined)
    where.push(eq(tickets.ticketPriority, query.ticketPriority));
  if (assigneeId === null) where.push(isNull(tickets.assigneeId));
  else if (assigneeId !== undefined) where.push(eq(tickets.assigneeId, assigneeId));
  if (query.reporter) where.push(eq(tickets.reporterId, await idOf(query.reporter)));
  if (query.createdFrom) where.push(gte(tickets.createdAt, startOf(query.createdFrom)));
  if (query.createdTo)
    where.push(lt(tickets.createdAt, new Date(endOf(query.createdTo).getTime() + 1)));
  if (query.resolvedFrom) where.push(gte(tickets.resolvedAt, startOf(query.resolvedFrom)));
  if (query.resolvedTo)
    where.push(lt(tickets.resolvedAt, new Date(endOf(query.resolvedTo).getTime() + 1)));
  const sort = SORT_KEYS[query.sort];
  const order = query.order ?? sort.defaultOrder;
  const after = decodeCursor(query.cursor, isCursor);
  const onlyNumber = query.sort === "created";
  const staff = isStaff(actor);
  const search = query.q
    ? ticketSearch(query.q, { staff, reporterId: staff ? undefined : actor.id })
    : null;
  // A search with nothing searchable in it (only punctuation such as `*`, `"` or `()`) matches
  // nothing: dropping it would answer the unfiltered list, wider than any real term.
  if (query.q && search === null) return { data: [], nextCursor: null };
  // Staff, newest first: walk the matches newest first, a bounded window per page. A customer's
  // query is already narrowed to their own few documents inside the index.
  const windowed = search !== null && staff && onlyNumber && order === "desc";
  if (search) where.push(search.matches(windowed ? { below: after?.[1] } : undefined));
  if (after) {
    const [key, number] = after;
    const past = order === "desc" ? lt : gt;
    const value = sort.value(key);
    where.push(
      onlyNumber
        ? past(tickets.number, number)
        : or(past(sort.expr, value), and(eq(sort.expr, value), past(tickets.number, number))),
    );
  }
  const direction = order === "desc" ? desc : asc;
  // Deferred join, in one statement: the page's numbers come from tickets alone, where an index can
  // cover the filter and the order (SQLite reads one page per status instead of sorting every
  // match), and only those rows are loaded with their people. The outer query's order is put back
  // here from the same sort key.
  const pageNumbers = getDb()
    .select({ number: tickets.number })
    .from(tickets)
    .where(and(...where))
    .orderBy(...(onlyNumber ? [] : [direction(sort.expr)]), direction(tickets.number))
    .limit(query.limit + 1);
  const sign = order === "desc" ? -1 : 1;
  const rows = (await selectTickets().where(inArray(tickets.number, pageNumbers))).sort(
    (a, b) => sign * (sort.of(a) - sort.of(b) || a.number - b.number),
  );
  const page = toPage(rows, query.limit, toPublicTicket, (r) => [sort.of(r), r.number]);
  if (windowed && !page.nextCursor) {
    // A short page from a full window: more matches lie below it, so hand on a cursor there.
    const { n, floor } = await search.windowFloor(after?.[1]);
    if (n >= SEARCH_WINDOW && floor !== null) page.nextCursor = encodeCursor([0, floor]);
  }
  return page;
}
