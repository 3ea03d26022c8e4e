import { describe, expect, it } from "vitest";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import * as eventsRoute from "@/app/api/v1/tickets/[id]/events/route";
import { openApiDocument } from "@/lib/http/openapi";
import { latestEvents } from "@/lib/tickets/events";
import { addReply, latestReplies } from "@/lib/tickets/replies";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { call } from "../helpers";
import { person, raise, type Person } from "../ticket-kit";

type Item = { id: number; body?: string; type?: string; internal: boolean };
type Which = "replies" | "events";
const ROUTES = { replies: repliesRoute.GET, events: eventsRoute.GET };

const get = (which: Which, who: Person, n: number, query = "") =>
  call(
    ROUTES[which],
    "GET",
    `/api/v1/tickets/${n}/${which}${query ? `?${query}` : ""}`,
    { token: who.token },
    { id: String(n) },
  );

/** Follows nextCursor to the end; every page is checked for shape and size. */
async function walk(which: Which, who: Person, n: number, limit?: number) {
  const pages: Item[][] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams();
    if (limit !== undefined) params.set("limit", String(limit));
    if (cursor) params.set("cursor", cursor);
    const res = await get(which, who, n, params.toString());
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["data", "nextCursor"]);
    pages.push(res.json.data);
    cursor = res.json.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

/** A ticket with 45 replies, every third an internal note, and some status changes. */
async function busyTicket() {
  const customer = await person("CUSTOMER");
  const engineer = await person("ENGINEER");
  const admin = await person("ADMIN");
  const n = await raise(customer);
  for (let i = 0; i < 45; i++)
    await addReply(engineer.actor, String(n), { body: `Reply ${i}`, internal: i % 3 === 0 });
  for (const ticketPriority of [1, 2, 3])
    await updateTicket(admin.actor, String(n), { ticketPriority });
  return { customer, engineer, admin, n };
}

describe.each(["replies", "events"] as const)("GET /tickets/:id/%s pages", (which) => {
  it("20 by default, up to 100, each item once and oldest first across pages", async () => {
    const { customer, engineer, n } = await busyTicket();
    const first = await get(which, engineer, n);
    expect(first.json.data).toHaveLength(20);
    expect(first.json.nextCursor).toEqual(expect.any(String));

    const whole = (await walk(which, engineer, n, 100)).flat();
    expect(whole.length).toBeGreaterThan(40);
    for (const limit of [1, 7, 20]) {
      const pages = await walk(which, engineer, n, limit);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
      expect(pages.flat().map((r) => r.id)).toEqual(whole.map((r) => r.id));
    }
    const ids = whole.map((r) => r.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    // A customer's pages hold no internal item, and still reach every public one.
    const theirs = (await walk(which, customer, n, 7)).flat();
    expect(theirs.some((r) => r.internal)).toBe(false);
    expect(theirs.map((r) => r.id)).toEqual(whole.filter((r) => !r.internal).map((r) => r.id));
  });

  it("the cursor is stable: an item added while paging is neither repeated nor skipped", async () => {
    const { engineer, n } = await busyTicket();
    const page1 = await get(which, engineer, n, "limit=10");
    await addReply(engineer.actor, String(n), { body: "Late reply", internal: false });
    const rest: Item[] = [];
    let cursor: string | null = page1.json.nextCursor;
    while (cursor) {
      const res = await get(which, engineer, n, `limit=10&cursor=${cursor}`);
      rest.push(...res.json.data);
      cursor = res.json.nextCursor;
    }
    const ids = [...page1.json.data, ...rest].map((r: Item) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const whole = (await walk(which, engineer, n, 100)).flat();
    expect(ids).toEqual(whole.map((r) => r.id));
  });

  it.each(["limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor", "cursor=WzEsMl0"])(
    "%s answers 400 with the error shape",
    async (query) => {
      const { engineer, n } = await busyTicket();
      const res = await get(which, engineer, n, query);
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.code).toEqual(expect.any(String));
      expect(res.json.error.message).toEqual(expect.any(String));
    },
  );

  it("is documented with limit and cursor", () => {
    const doc = openApiDocument() as unknown as {
      paths: Record<string, { get: { parameters?: { name: string; in: string }[] } }>;
    };
    const names = (doc.paths[`/tickets/{id}/${which}`].get.parameters ?? [])
      .filter((p) => p.in === "query")
      .map((p) => p.name)
      .sort();
    expect(names).toEqual(["cursor", "limit"]);
  });
});

/** The ticket page's windows: the latest, and stepping back through earlier ones by id. */
describe.each(["replies", "events"] as const)("the ticket page's window of %s", (which) => {
  const latest = which === "replies" ? latestReplies : latestEvents;

  /** Steps back from the latest, `limit` at a time, until no earlier ones remain. */
  async function stepBack(who: Person, n: number, limit: number) {
    const windows: Item[][] = [];
    let beforeId: number | undefined;
    for (;;) {
      const w = await latest(who.actor, String(n), { beforeId, limit });
      windows.push(w.items);
      expect(w.items.length).toBeLessThanOrEqual(limit);
      if (!w.earlier) return windows;
      // Only a full window may say there are earlier ones.
      expect(w.items).toHaveLength(limit);
      beforeId = w.items[0].id;
      expect(windows.length).toBeLessThan(100);
    }
  }

  it("shows the latest, oldest first, and steps back through every earlier one once", async () => {
    const { customer, engineer, n } = await busyTicket();
    const whole = (await walk(which, engineer, n, 100)).flat();
    const first = await latest(engineer.actor, String(n), { limit: 10 });
    expect(first.earlier).toBe(true);
    expect(first.items.map((r) => r.id)).toEqual(whole.slice(-10).map((r) => r.id));

    for (const limit of [1, 7, 10, whole.length, whole.length + 5]) {
      const windows = await stepBack(engineer, n, limit);
      expect(
        windows
          .reverse()
          .flat()
          .map((r) => r.id),
      ).toEqual(whole.map((r) => r.id));
    }

    // A customer's windows are full windows of public items: internal ones neither show nor count.
    const publicIds = whole.filter((r) => !r.internal).map((r) => r.id);
    const theirs = await stepBack(customer, n, 7);
    expect(theirs.flat().some((r) => r.internal)).toBe(false);
    expect(
      theirs
        .reverse()
        .flat()
        .map((r) => r.id),
    ).toEqual(publicIds);
  });

  it("is only for someone who may see the ticket", async () => {
    const { n } = await busyTicket();
    const stranger = await person("CUSTOMER");
    await expect(latest(stranger.actor, String(n), { limit: 10 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
