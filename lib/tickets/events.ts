import { and, asc, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ticketEvents, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import {
  decodeCursor,
  isIdCursor,
  toPage,
  toWindow,
  type Page,
  type Window,
} from "@/lib/pagination";
import type { PageQuery } from "@/lib/validation/common";
import type { Slice } from "./slice";
import { findVisibleTicket, isStaff } from "./visibility";

export type PublicEvent = {
  id: number;
  type: string;
  actor: string | null;
  actorName: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  internal: boolean;
  createdAt: string;
};

async function selectEvents(
  actor: Actor,
  ref: string,
  { afterId, beforeId, limit, newestFirst = false }: Slice = {},
) {
  const ticket = await findVisibleTicket(actor, ref);
  const query = getDb()
    .select({
      id: ticketEvents.id,
      type: ticketEvents.type,
      actor: users.userId,
      actorName: users.name,
      field: ticketEvents.field,
      oldValue: ticketEvents.oldValue,
      newValue: ticketEvents.newValue,
      internal: ticketEvents.internal,
      createdAt: ticketEvents.createdAt,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(
      and(
        eq(ticketEvents.ticketNumber, ticket.number),
        isStaff(actor) ? undefined : eq(ticketEvents.internal, false),
        afterId !== undefined ? gt(ticketEvents.id, afterId) : undefined,
        beforeId !== undefined ? lt(ticketEvents.id, beforeId) : undefined,
      ),
    )
    .orderBy(newestFirst ? desc(ticketEvents.id) : asc(ticketEvents.id));
  return limit !== undefined ? await query.limit(limit) : await query;
}

const toPublicEvent = (e: Awaited<ReturnType<typeof selectEvents>>[number]): PublicEvent => ({
  ...e,
  createdAt: e.createdAt.toISOString(),
});

/**
 * The ticket page's timeline: the `limit` latest events before `beforeId` (the latest of all
 * without it), oldest first, and whether there are earlier ones; internal events are hidden from
 * customers.
 */
export async function latestEvents(
  actor: Actor,
  ref: string,
  { beforeId, limit }: { beforeId?: number; limit: number },
): Promise<Window<PublicEvent>> {
  const rows = await selectEvents(actor, ref, { beforeId, limit: limit + 1, newestFirst: true });
  return toWindow(rows, limit, toPublicEvent);
}

/** GET /tickets/:id/events: the timeline a page at a time, oldest first, keyset on the id. */
export async function listEventsPage(
  actor: Actor,
  ref: string,
  page: PageQuery,
): Promise<Page<PublicEvent>> {
  const after = decodeCursor(page.cursor, isIdCursor);
  const rows = await selectEvents(actor, ref, { afterId: after?.[0], limit: page.limit + 1 });
  return toPage(rows, page.limit, toPublicEvent, (e) => [e.id]);
}

/**
 * The names behind the user IDs an event names as its values (an assignment's old and new
 * assignee), so the timeline reads "assigned it to Eve Engineer" rather than "to eve".
 */
export async function userNamesInEvents(events: PublicEvent[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.field !== "assignee") continue;
    if (e.oldValue) ids.add(e.oldValue);
    if (e.newValue) ids.add(e.newValue);
  }
  if (ids.size === 0) return new Map();
  const rows = await getDb()
    .select({ userId: users.userId, name: users.name })
    .from(users)
    .where(inArray(users.userId, [...ids]));
  return new Map(rows.map((r) => [r.userId, r.name]));
}
