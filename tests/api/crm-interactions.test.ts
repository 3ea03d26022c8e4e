import { asc, count, desc, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as customerRoute from "@/app/api/v1/customers/[userId]/route";
import * as interactionRoute from "@/app/api/v1/interactions/[id]/route";
import * as interactionsRoute from "@/app/api/v1/interactions/route";
import { getDb } from "@/db/client";
import { interactions, notifications, type Notification } from "@/db/schema";
import { renderEmail } from "@/lib/notifications/render";
import type { EmailOf } from "@/lib/notifications/templates";
import { call } from "../helpers";
import {
  api,
  assignDirectly,
  numbersOf,
  person,
  raise,
  ticketCount,
  ticketRow,
  type Person,
} from "../ticket-kit";

/** Interactions (docs/crm.md#interactions): meetings, calls, tasks, follow-ups, through the real route handlers. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An ISO time relative to now (negative: in the past). */
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

let seq = 0;
const tag = Math.random().toString(36).slice(2, 6);
const uniq = (prefix: string) => `${prefix} ${tag}-${++seq}`;

const qs = (query: string) => (query ? `?${query}` : "");
const p = (id: number | string) => ({ id: String(id) });

const ix = {
  create: (token: string | undefined, body: unknown) =>
    call(interactionsRoute.POST, "POST", "/api/v1/interactions", { token, body }),
  list: (token: string | undefined, query = "") =>
    call(interactionsRoute.GET, "GET", `/api/v1/interactions${qs(query)}`, { token }),
  get: (token: string | undefined, id: number | string) =>
    call(interactionRoute.GET, "GET", `/api/v1/interactions/${id}`, { token }, p(id)),
  update: (token: string | undefined, id: number | string, body: unknown, method = "PATCH") =>
    call(
      method === "PUT" ? interactionRoute.PUT : interactionRoute.PATCH,
      method,
      `/api/v1/interactions/${id}`,
      { token, body },
      p(id),
    ),
  remove: (token: string | undefined, id: number | string) =>
    call(interactionRoute.DELETE, "DELETE", `/api/v1/interactions/${id}`, { token }, p(id)),
};

const deactivate = (admin: Person, customer: Person) =>
  call(
    customerRoute.PATCH,
    "PATCH",
    `/api/v1/customers/${customer.userId}`,
    { token: admin.token, body: { active: false } },
    { userId: customer.userId },
  );

type Listed = { id: number; title: string; overdue: boolean };
const idsOf = (json: { data: Listed[] }) => json.data.map((i) => i.id);

/**
 * admin; engineers e1 and e2; c1 reported a ticket e1 works on, c2 one e2 works on; c3 has no
 * ticket at all.
 */
async function world() {
  const admin = await person("ADMIN");
  const e1 = await person("ENGINEER");
  const e2 = await person("ENGINEER");
  const c1 = await person("CUSTOMER");
  const c2 = await person("CUSTOMER");
  const c3 = await person("CUSTOMER");
  await assignDirectly(await raise(c1, "c1's printer"), e1);
  await assignDirectly(await raise(c2, "c2's laptop"), e2);
  return { admin, e1, e2, c1, c2, c3 };
}

/** A valid POST body for an interaction with a customer. */
const body = (customer: Person, extra: Record<string, unknown> = {}) => ({
  kind: "MEETING",
  title: uniq("Quarterly review"),
  scheduledAt: fromNow(2 * DAY),
  customer: customer.userId,
  ...extra,
});

/** Creates one through the route and returns its id (asserting the 201). */
async function make(by: Person, customer: Person, extra: Record<string, unknown> = {}) {
  const res = await ix.create(by.token, body(customer, extra));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as Listed & { owner: string; scheduledAt: string; status: string };
}

/** The id of the newest outbox row (0 when empty): rows after it are what a step queued. */
async function mark(): Promise<number> {
  const [row] = await getDb()
    .select({ id: notifications.id })
    .from(notifications)
    .orderBy(desc(notifications.id))
    .limit(1);
  return row?.id ?? 0;
}

async function rowsSince(id: number, template?: string): Promise<Notification[]> {
  const rows = await getDb()
    .select()
    .from(notifications)
    .where(gt(notifications.id, id))
    .orderBy(asc(notifications.id));
  return rows.filter((r) => !template || r.template === template);
}

/** How many interactions are stored, as `{ n }`. */
const interactionCount = async () => (await getDb().select({ n: count() }).from(interactions))[0];

const recipientsOf = (row: Notification) => JSON.parse(row.recipientEmails) as string[];
const dataOf = (row: Notification) => JSON.parse(row.data) as Record<string, unknown>;
const render = (row: Notification) =>
  renderEmail({ template: row.template, data: JSON.parse(row.data) } as EmailOf, row.subject);

/** Every page of a list, following nextCursor. */
async function allPages(token: string, query: string) {
  const pages: number[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await ix.list(
      token,
      [query, cursor ? `cursor=${encodeURIComponent(cursor)}` : ""].filter(Boolean).join("&"),
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["data", "nextCursor"]);
    pages.push(idsOf(res.json));
    cursor = res.json.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error("the cursor never ran out");
}

describe("POST /interactions: validation and who may", () => {
  it("answers 400 with a detail per bad field", async () => {
    const { admin, c1 } = await world();
    const res = await ix.create(admin.token, {
      kind: "LUNCH",
      title: "   ",
      scheduledAt: "2031-12-01T14:30:00",
      customer: "x",
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(Object.keys(res.json.error.details).sort()).toEqual(
      ["customer", "kind", "scheduledAt", "title"].sort(),
    );

    for (const scheduledAt of ["tomorrow", "2031-12-01", "2031-13-01T10:00:00Z", 1234, null]) {
      const r = await ix.create(admin.token, body(c1, { scheduledAt }));
      expect(r.status, String(scheduledAt)).toBe(400);
      expect(Object.keys(r.json.error.details)).toEqual(["scheduledAt"]);
    }
    const missing = await ix.create(admin.token, {});
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.json.error.details).sort()).toEqual(
      ["customer", "kind", "scheduledAt", "title"].sort(),
    );
    const long = await ix.create(admin.token, body(c1, { title: "x".repeat(201) }));
    expect(long.status).toBe(400);
    expect(long.json.error.details).toHaveProperty("title");
    expect(await interactionCount()).toEqual({ n: 0 });
  });

  it("reads a time with an offset as that instant and answers it in UTC", async () => {
    const { admin, c1 } = await world();
    const created = await make(admin, c1, { scheduledAt: "2031-12-01T16:30:00+02:00" });
    expect(created.scheduledAt).toBe("2031-12-01T14:30:00.000Z");
    expect(created).toMatchObject({ status: "PLANNED", owner: admin.userId, customer: c1.userId });
  });

  it("a customer that is not a customer, or unknown, is a 400 on `customer`", async () => {
    const { admin, e1 } = await world();
    for (const customer of [e1.userId, admin.userId, "no-such-one"]) {
      const res = await ix.create(admin.token, {
        kind: "CALL",
        title: "Call",
        scheduledAt: fromNow(DAY),
        customer,
      });
      expect(res.status, customer).toBe(400);
      expect(res.json.error.details).toHaveProperty("customer");
    }
  });

  it("an engineer may only use customers whose tickets they work on", async () => {
    const { e1, c1, c2, c3 } = await world();
    const ok = await make(e1, c1);
    expect(ok.owner).toBe(e1.userId);
    for (const other of [c2, c3]) {
      const res = await ix.create(e1.token, body(other));
      expect(res.status, other.userId).toBe(400);
      expect(Object.keys(res.json.error.details)).toEqual(["customer"]);
    }
    expect(await interactionCount()).toEqual({ n: 1 });
  });

  it("an engineer cannot give ownership to someone else (403), only to themselves", async () => {
    const { admin, e1, e2, c1 } = await world();
    const other = await ix.create(e1.token, body(c1, { owner: e2.userId }));
    expect(other.status).toBe(403);
    const toAdmin = await ix.create(e1.token, body(c1, { owner: admin.userId }));
    expect(toAdmin.status).toBe(403);
    const self = await make(e1, c1, { owner: e1.userId });
    expect(self.owner).toBe(e1.userId);
    expect(await interactionCount()).toEqual({ n: 1 });
  });

  it("an admin may give it to any approved staff member, with any customer", async () => {
    const { admin, e1, e2, c2, c3 } = await world();
    const admin2 = await person("ADMIN");
    expect((await make(admin, c2, { owner: e1.userId })).owner).toBe(e1.userId);
    expect((await make(admin, c3, { owner: e2.userId })).owner).toBe(e2.userId);
    expect((await make(admin, c3, { owner: admin2.userId })).owner).toBe(admin2.userId);
    expect((await make(admin, c3)).owner).toBe(admin.userId);
  });

  it("a customer, a pending or rejected engineer or an unknown user as owner is a 400", async () => {
    const { admin, c1, c2 } = await world();
    const pending = await person("ENGINEER", "PENDING");
    const rejected = await person("ENGINEER", "REJECTED");
    for (const owner of [c2.userId, pending.userId, rejected.userId, "ghost-owner"]) {
      const res = await ix.create(admin.token, body(c1, { owner }));
      expect(res.status, owner).toBe(400);
      expect(Object.keys(res.json.error.details)).toEqual(["owner"]);
    }
    expect(await interactionCount()).toEqual({ n: 0 });
  });

  it("customers get 403 and anonymous callers 401, on every interaction route", async () => {
    const { admin, c1 } = await world();
    const made = await make(admin, c1);
    for (const token of [c1.token, undefined]) {
      const want = token ? 403 : 401;
      expect((await ix.create(token, body(c1))).status).toBe(want);
      expect((await ix.list(token)).status).toBe(want);
      expect((await ix.get(token, made.id)).status).toBe(want);
      expect((await ix.update(token, made.id, { title: "Mine now" })).status).toBe(want);
      expect((await ix.remove(token, made.id)).status).toBe(want);
    }
    expect((await ix.get(admin.token, made.id)).json.title).toBe(made.title);
  });
});

describe("POST /interactions: the invitee is emailed", () => {
  it("a meeting queues one 'meeting-scheduled' email to the customer, with its title and time", async () => {
    const { admin, e1, c1 } = await world();
    const before = await mark();
    const title = uniq("Kick-off");
    await make(admin, c1, {
      kind: "MEETING",
      title,
      owner: e1.userId,
      scheduledAt: "2031-12-01T16:30:00+02:00",
      notes: "Bring the invoices",
    });
    const rows = await rowsSince(before);
    expect(rows.map((r) => r.template)).toEqual(["meeting-scheduled"]);
    expect(recipientsOf(rows[0])).toEqual([c1.user.email]);
    expect(dataOf(rows[0])).toMatchObject({ change: "scheduled", title, kind: "MEETING" });

    const email = await render(rows[0]);
    expect(email.subject).toContain(title);
    expect(email.text).toContain(title);
    expect(email.text).toContain(e1.user.name);
    expect(email.text).toContain("Bring the invoices");
    // 16:30 at +02:00 is 14:30 UTC, and the email says which zone it means.
    expect(email.text).toMatch(/1 Dec 2031/);
    expect(email.text).toMatch(/14:30/);
    expect(email.text).toMatch(/UTC/);
    expect(email.text).not.toMatch(/16:30/);
  });

  it("a call queues one too; a task and a follow-up queue none", async () => {
    const { admin, c1 } = await world();
    let before = await mark();
    await make(admin, c1, { kind: "CALL", title: uniq("Phone check-in") });
    const calls = await rowsSince(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].template).toBe("meeting-scheduled");
    expect(recipientsOf(calls[0])).toEqual([c1.user.email]);
    expect((await render(calls[0])).text).toContain(dataOf(calls[0]).title as string);

    for (const kind of ["TASK", "FOLLOW_UP"]) {
      before = await mark();
      await make(admin, c1, { kind });
      expect(await rowsSince(before), kind).toEqual([]);
    }
  });
});

describe("GET /interactions: the agenda and the list", () => {
  /** Six interactions of admin's with c1 at known times, two of them finished. */
  async function agendaWorld() {
    const w = await world();
    const { admin, c1 } = w;
    const overdueOld = await make(admin, c1, { kind: "MEETING", scheduledAt: fromNow(-2 * DAY) });
    const overdueNew = await make(admin, c1, { kind: "TASK", scheduledAt: fromNow(-1 * HOUR) });
    const later = await make(admin, c1, { kind: "CALL", scheduledAt: fromNow(3 * DAY) });
    const soon = await make(admin, c1, { kind: "FOLLOW_UP", scheduledAt: fromNow(1 * DAY) });
    const done = await make(admin, c1, { kind: "TASK", scheduledAt: fromNow(2 * DAY) });
    const cancelled = await make(admin, c1, { kind: "MEETING", scheduledAt: fromNow(-3 * DAY) });
    expect((await ix.update(admin.token, done.id, { status: "DONE" })).status).toBe(200);
    expect((await ix.update(admin.token, cancelled.id, { status: "CANCELLED" })).status).toBe(200);
    return { ...w, i: { overdueOld, overdueNew, later, soon, done, cancelled } };
  }

  it("view=agenda lists only PLANNED ones, soonest first, overdue ones first and flagged", async () => {
    const { admin, i } = await agendaWorld();
    const res = await ix.list(admin.token, "view=agenda");
    expect(res.status).toBe(200);
    expect(idsOf(res.json)).toEqual([i.overdueOld.id, i.overdueNew.id, i.soon.id, i.later.id]);
    expect(res.json.data.map((x: Listed) => x.overdue)).toEqual([true, true, false, false]);
    expect(res.json.data.every((x: { status: string }) => x.status === "PLANNED")).toBe(true);
  });

  it("view=all (the default) lists every one, newest scheduled first", async () => {
    const { admin, i } = await agendaWorld();
    const expected = [i.later, i.done, i.soon, i.overdueNew, i.overdueOld, i.cancelled].map(
      (x) => x.id,
    );
    expect(idsOf((await ix.list(admin.token, "view=all")).json)).toEqual(expected);
    const res = await ix.list(admin.token);
    expect(idsOf(res.json)).toEqual(expected);
    const byId = new Map(res.json.data.map((x: Listed) => [x.id, x]));
    // Only a planned one in the past is overdue; a cancelled past one is not.
    expect(byId.get(i.overdueOld.id)).toMatchObject({ overdue: true });
    expect(byId.get(i.cancelled.id)).toMatchObject({ overdue: false, status: "CANCELLED" });
    expect(byId.get(i.done.id)).toMatchObject({ overdue: false, status: "DONE" });
    expect((await ix.list(admin.token, "view=calendar")).status).toBe(400);
  });

  it("filters by kind, status, owner (me or a userId), customer and a date range", async () => {
    const { admin, e1, c1, c2 } = await world();
    const mine = await make(e1, c1, { kind: "CALL", scheduledAt: "2031-03-01T10:00:00Z" });
    const forE1 = await make(admin, c2, {
      kind: "TASK",
      owner: e1.userId,
      scheduledAt: "2031-03-05T23:30:00Z",
    });
    const adminsC2 = await make(admin, c2, { kind: "TASK", scheduledAt: "2031-03-05T08:00:00Z" });
    const adminsC1 = await make(admin, c1, {
      kind: "MEETING",
      scheduledAt: "2031-03-10T10:00:00Z",
    });
    await ix.update(admin.token, adminsC2.id, { status: "DONE" });

    const ids = async (token: string, query: string) => {
      const res = await ix.list(token, query);
      expect(res.status, query).toBe(200);
      return idsOf(res.json).sort((a, b) => a - b);
    };
    const sorted = (...xs: { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b);

    expect(await ids(admin.token, "kind=TASK")).toEqual(sorted(forE1, adminsC2));
    expect(await ids(admin.token, "status=DONE")).toEqual(sorted(adminsC2));
    expect(await ids(admin.token, "status=PLANNED")).toEqual(sorted(mine, forE1, adminsC1));
    expect(await ids(admin.token, "owner=me")).toEqual(sorted(adminsC2, adminsC1));
    expect(await ids(e1.token, "owner=me")).toEqual(sorted(mine, forE1));
    expect(await ids(admin.token, `owner=${e1.userId}`)).toEqual(sorted(mine, forE1));
    expect(await ids(admin.token, `customer=${c2.userId}`)).toEqual(sorted(forE1, adminsC2));
    expect(await ids(admin.token, `customer=${c1.userId}&kind=MEETING`)).toEqual(sorted(adminsC1));
    // Whole days, both ends included.
    expect(await ids(admin.token, "from=2031-03-05&to=2031-03-05")).toEqual(
      sorted(forE1, adminsC2),
    );
    expect(await ids(admin.token, "from=2031-03-02")).toEqual(sorted(forE1, adminsC2, adminsC1));
    expect(await ids(admin.token, "to=2031-03-05")).toEqual(sorted(mine, forE1, adminsC2));
    // 08:30 at +01:00 is 07:30 UTC: before adminsC2's 08:00 UTC.
    expect(
      await ids(admin.token, `from=${encodeURIComponent("2031-03-05T08:30:00+01:00")}`),
    ).toEqual(sorted(forE1, adminsC2, adminsC1));
    expect(await ids(admin.token, "owner=nobody-at-all")).toEqual([]);
    expect(await ids(admin.token, "customer=nobody-at-all")).toEqual([]);

    for (const bad of ["kind=LUNCH", "status=MAYBE", "from=yesterday", "limit=500", "cursor=zz"]) {
      const res = await ix.list(admin.token, bad);
      expect(res.status, bad).toBe(400);
    }
  });

  it("paginates both views with a cursor, without duplicates or gaps", async () => {
    const { admin, c1, i } = await agendaWorld();
    // Three more at the very same instant: the cursor must split ties too.
    const same = fromNow(5 * DAY);
    for (let n = 0; n < 3; n++) await make(admin, c1, { scheduledAt: same });

    const all = idsOf((await ix.list(admin.token, "limit=100")).json);
    expect(all).toHaveLength(9);
    const pages = await allPages(admin.token, "limit=2");
    expect(pages.map((pg) => pg.length)).toEqual([2, 2, 2, 2, 1]);
    expect(pages.flat()).toEqual(all);

    const agenda = idsOf((await ix.list(admin.token, "view=agenda&limit=100")).json);
    expect(agenda).toHaveLength(7);
    expect(agenda).not.toContain(i.done.id);
    expect(agenda).not.toContain(i.cancelled.id);
    for (const limit of [1, 2, 3]) {
      const walked = (await allPages(admin.token, `view=agenda&limit=${limit}`)).flat();
      expect(walked, `limit ${limit}`).toEqual(agenda);
    }
    // A filter holds on every page.
    const tasks = (await allPages(admin.token, "kind=TASK&limit=1")).flat();
    expect(tasks).toEqual([i.done.id, i.overdueNew.id]);
  });

  it("engineers see their own and those with customers they work with; others are 404", async () => {
    const { admin, e1, e2, c1, c2 } = await world();
    const own = await make(e1, c1);
    const adminsWithC1 = await make(admin, c1);
    const adminsWithC2 = await make(admin, c2);
    const e1sWithC2 = await make(admin, c2, { owner: e1.userId });
    const e2sWithC1 = await make(admin, c1, { owner: e2.userId });

    const sorted = (...xs: { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b);
    const listed = async (who: Person) =>
      idsOf((await ix.list(who.token, "limit=100")).json).sort((a, b) => a - b);

    expect(await listed(e1)).toEqual(sorted(own, adminsWithC1, e1sWithC2, e2sWithC1));
    expect(await listed(e2)).toEqual(sorted(adminsWithC2, e1sWithC2, e2sWithC1));
    expect(await listed(admin)).toHaveLength(5);

    expect((await ix.get(e1.token, adminsWithC1.id)).status).toBe(200);
    expect((await ix.get(e1.token, e1sWithC2.id)).status).toBe(200);
    const hidden = await ix.get(e1.token, adminsWithC2.id);
    expect(hidden.status).toBe(404);
    expect((await ix.get(e2.token, own.id)).status).toBe(404);
    // Hidden and missing look the same; so do hidden edits and deletes.
    expect((await ix.get(e1.token, 999_999)).status).toBe(404);
    expect((await ix.get(e1.token, "abc")).status).toBe(404);
    expect((await ix.update(e2.token, own.id, { title: "Peek" })).status).toBe(404);
    expect((await ix.remove(e2.token, own.id)).status).toBe(404);
    expect((await ix.get(admin.token, own.id)).json.title).toBe(own.title);
  });
});

describe("PATCH and DELETE /interactions/:id", () => {
  /** e1 and e2 both work with c1; e1 owns a planned meeting with c1. */
  async function shared() {
    const w = await world();
    await assignDirectly(await raise(w.c1, "c1's second issue"), w.e2);
    const meeting = await make(w.e1, w.c1, {
      kind: "MEETING",
      scheduledAt: "2031-06-01T09:00:00Z",
    });
    return { ...w, meeting };
  }

  it("only the owner or an admin changes one: another engineer who can see it gets 403", async () => {
    const { admin, e1, e2, meeting } = await shared();
    expect((await ix.get(e2.token, meeting.id)).status).toBe(200);
    const denied = await ix.update(e2.token, meeting.id, { title: "Taken over" });
    expect(denied.status).toBe(403);
    expect((await ix.update(e2.token, meeting.id, { status: "DONE" })).status).toBe(403);
    expect((await ix.remove(e2.token, meeting.id)).status).toBe(403);
    expect((await ix.get(admin.token, meeting.id)).json).toMatchObject({
      title: meeting.title,
      status: "PLANNED",
    });

    const byOwner = await ix.update(e1.token, meeting.id, { title: "Owner's title" }, "PUT");
    expect(byOwner.status).toBe(200);
    expect(byOwner.json.title).toBe("Owner's title");
    const byAdmin = await ix.update(admin.token, meeting.id, { notes: "Admin's notes" });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json).toMatchObject({ title: "Owner's title", notes: "Admin's notes" });

    // The owner cannot hand it on; an admin can, and then the old owner is just a viewer.
    expect((await ix.update(e1.token, meeting.id, { owner: e2.userId })).status).toBe(403);
    const handed = await ix.update(admin.token, meeting.id, { owner: e2.userId });
    expect(handed.json.owner).toBe(e2.userId);
    expect((await ix.update(e1.token, meeting.id, { title: "Not mine now" })).status).toBe(403);
    expect((await ix.update(e2.token, meeting.id, { title: "Mine now" })).status).toBe(200);
  });

  it("refuses unknown fields, an empty body and bad values with 400", async () => {
    const { e1, c2, meeting } = await shared();
    for (const b of [
      {},
      { customer: c2.userId },
      { ownerId: 1 },
      { status: "FINISHED" },
      { scheduledAt: "2031-06-01 09:00" },
      { title: "" },
      { kind: "LUNCH" },
    ]) {
      const res = await ix.update(e1.token, meeting.id, b);
      expect(res.status, JSON.stringify(b)).toBe(400);
    }
  });

  it("status DONE sets completedAt; back to PLANNED clears it", async () => {
    const { e1, meeting } = await shared();
    const t0 = Date.now();
    const done = await ix.update(e1.token, meeting.id, { status: "DONE" });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe("DONE");
    expect(done.json.completedAt).not.toBeNull();
    const completedAt = new Date(done.json.completedAt).getTime();
    expect(completedAt).toBeGreaterThanOrEqual(t0 - 1000);
    expect(completedAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(idsOf((await ix.list(e1.token, "view=agenda")).json)).not.toContain(meeting.id);

    const reopened = await ix.update(e1.token, meeting.id, { status: "PLANNED" });
    expect(reopened.json).toMatchObject({ status: "PLANNED", completedAt: null });
    expect(idsOf((await ix.list(e1.token, "view=agenda")).json)).toContain(meeting.id);

    const cancelled = await ix.update(e1.token, meeting.id, { status: "CANCELLED" });
    expect(cancelled.json).toMatchObject({ status: "CANCELLED", completedAt: null });
  });

  it("cancelling a planned meeting emails the customer that it is cancelled", async () => {
    const { e1, c1, meeting } = await shared();
    const before = await mark();
    expect((await ix.update(e1.token, meeting.id, { status: "CANCELLED" })).status).toBe(200);
    const rows = await rowsSince(before);
    expect(rows.map((r) => r.template)).toEqual(["meeting-scheduled"]);
    expect(recipientsOf(rows[0])).toEqual([c1.user.email]);
    expect(dataOf(rows[0])).toMatchObject({ change: "cancelled", title: meeting.title });
    const email = await render(rows[0]);
    expect(email.subject).toMatch(/^Cancelled/);
    expect(email.text).toContain(meeting.title);

    // Cancelling again, or editing the cancelled one, tells nobody anything.
    const again = await mark();
    await ix.update(e1.token, meeting.id, { status: "CANCELLED" });
    await ix.update(e1.token, meeting.id, { title: "Renamed after cancelling" });
    expect(await rowsSince(again)).toEqual([]);
  });

  it("rescheduling a planned meeting emails the new time; other edits and tasks email nobody", async () => {
    const { e1, c1, meeting } = await shared();
    let before = await mark();
    const moved = await ix.update(e1.token, meeting.id, {
      scheduledAt: "2031-06-02T11:15:00-01:00",
    });
    expect(moved.status).toBe(200);
    expect(moved.json.scheduledAt).toBe("2031-06-02T12:15:00.000Z");
    const rows = await rowsSince(before);
    expect(rows.map((r) => r.template)).toEqual(["meeting-scheduled"]);
    expect(recipientsOf(rows[0])).toEqual([c1.user.email]);
    expect(dataOf(rows[0]).change).toBe("rescheduled");
    const email = await render(rows[0]);
    expect(email.subject).toContain(meeting.title);
    expect(email.text).toMatch(/2 Jun 2031/);
    expect(email.text).toMatch(/12:15/);

    before = await mark();
    await ix.update(e1.token, meeting.id, { title: "Only the title changes" });
    await ix.update(e1.token, meeting.id, { scheduledAt: "2031-06-02T12:15:00Z" }); // same instant
    expect(await rowsSince(before)).toEqual([]);

    const task = await make(e1, c1, { kind: "TASK", scheduledAt: "2031-06-01T09:00:00Z" });
    before = await mark();
    await ix.update(e1.token, task.id, { scheduledAt: "2031-06-03T09:00:00Z" });
    await ix.update(e1.token, task.id, { status: "CANCELLED" });
    expect(await rowsSince(before)).toEqual([]);
  });

  it("DELETE removes it; a ticket raised from it stays, with interactionId null", async () => {
    const { admin, e1, e2, c1, meeting } = await shared();
    const raised = await api.create(e1.token, {
      title: "From the meeting",
      description: "Raised during the meeting",
      interactionId: meeting.id,
    });
    expect(raised.status).toBe(201);
    const number = raised.json.ticket.number as number;
    expect((await ticketRow(number))!.interaction_id).toBe(meeting.id);

    expect((await ix.remove(e2.token, meeting.id)).status).toBe(403);
    const gone = await ix.remove(e1.token, meeting.id);
    expect(gone.status).toBe(200);
    expect((await ix.get(admin.token, meeting.id)).status).toBe(404);
    expect((await ix.remove(e1.token, meeting.id)).status).toBe(404);
    expect(idsOf((await ix.list(admin.token)).json)).not.toContain(meeting.id);

    const ticket = await api.get(admin.token, number);
    expect(ticket.status).toBe(200);
    expect(ticket.json).toMatchObject({ reporter: c1.userId, interactionId: null });
    expect((await api.get(c1.token, number)).status).toBe(200);
  });

  it("an admin deletes anyone's", async () => {
    const { admin, meeting } = await shared();
    expect((await ix.remove(admin.token, meeting.id)).status).toBe(200);
    expect(await interactionCount()).toEqual({ n: 0 });
  });
});

describe("POST /tickets: raising a ticket for a customer", () => {
  it("from an interaction: the customer is the reporter, sees it and gets the receipt", async () => {
    const { e1, c1 } = await world();
    const meeting = await make(e1, c1);
    const before = await mark();
    const res = await api.create(e1.token, {
      title: "Raised from a meeting",
      description: "The customer told us about it",
      interactionId: meeting.id,
    });
    expect(res.status).toBe(201);
    const ticket = res.json.ticket;
    expect(ticket).toMatchObject({ reporter: c1.userId, interactionId: meeting.id });
    expect((await ticketRow(ticket.number))!.reporter_id).toBe(c1.id);

    const theirs = await api.list(c1.token, "limit=100");
    expect(numbersOf(theirs.json)).toContain(ticket.number);
    expect((await api.get(c1.token, ticket.number)).status).toBe(200);

    const receipts = (await rowsSince(before, "ticket-created")).filter((r) =>
      recipientsOf(r).includes(c1.user.email),
    );
    expect(receipts).toHaveLength(1);
    expect(dataOf(receipts[0]).audience).toBe("reporter");
    const email = await render(receipts[0]);
    expect(email.subject).toContain(`[#${ticket.number}] `);
    expect(email.text).toContain("We received your ticket");
    // The engineer who typed it in did not become the reporter.
    const created = await rowsSince(before, "ticket-created");
    expect(
      created.some(
        (r) => recipientsOf(r).includes(e1.user.email) && dataOf(r).audience === "reporter",
      ),
    ).toBe(false);
  });

  it("with `reporter` (and a matching interaction, or none) as engineer and admin", async () => {
    const { admin, e1, c1, c3 } = await world();
    const meeting = await make(e1, c1);
    const both = await api.create(e1.token, {
      title: "Both given",
      description: "Reporter and interaction agree",
      reporter: c1.userId,
      interactionId: meeting.id,
    });
    expect(both.status).toBe(201);
    expect(both.json.ticket).toMatchObject({ reporter: c1.userId, interactionId: meeting.id });

    const plain = await api.create(e1.token, {
      title: "Reporter only",
      description: "On the customer's behalf",
      reporter: c1.userId,
    });
    expect(plain.status).toBe(201);
    expect(plain.json.ticket).toMatchObject({ reporter: c1.userId, interactionId: null });

    const byAdmin = await api.create(admin.token, {
      title: "Admin on behalf",
      description: "Any customer for an admin",
      reporter: c3.userId,
    });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.json.ticket.reporter).toBe(c3.userId);
    expect(numbersOf((await api.list(c3.token)).json)).toEqual([byAdmin.json.ticket.number]);
  });

  it("an engineer cannot raise one for a customer they don't work with (400 on reporter)", async () => {
    const { e1, c2, c3, e2 } = await world();
    const n0 = await ticketCount();
    for (const reporter of [c2.userId, c3.userId, e2.userId, "no-such-person"]) {
      const res = await api.create(e1.token, {
        title: "Not mine",
        description: "Someone else's customer",
        reporter,
      });
      expect(res.status, reporter).toBe(400);
      expect(res.json.error.details).toHaveProperty("reporter");
    }
    expect(await ticketCount()).toBe(n0);
  });

  it("an engineer cannot raise one from an interaction they can't see (400)", async () => {
    const { admin, e1, c2 } = await world();
    const hidden = await make(admin, c2);
    for (const interactionId of [hidden.id, 999_999]) {
      const res = await api.create(e1.token, {
        title: "Hidden",
        description: "Not visible",
        interactionId,
      });
      expect(res.status, String(interactionId)).toBe(400);
      expect(res.json.error.details).toHaveProperty("interactionId");
    }
  });

  it("a customer sending `reporter` or `interactionId` gets 400", async () => {
    const { admin, c1, c2 } = await world();
    const meeting = await make(admin, c1);
    const n0 = await ticketCount();
    const asOther = await api.create(c1.token, {
      title: "For someone else",
      description: "Nope",
      reporter: c2.userId,
    });
    expect(asOther.status).toBe(400);
    expect(asOther.json.error.details).toHaveProperty("reporter");
    const asSelf = await api.create(c1.token, {
      title: "For myself, explicitly",
      description: "Still staff only",
      reporter: c1.userId,
    });
    expect(asSelf.status).toBe(400);
    const fromMeeting = await api.create(c1.token, {
      title: "From my meeting",
      description: "Staff only",
      interactionId: meeting.id,
    });
    expect(fromMeeting.status).toBe(400);
    expect(fromMeeting.json.error.details).toHaveProperty("interactionId");
    expect(await ticketCount()).toBe(n0);
  });

  it("`reporter` that is not the interaction's customer is a 400", async () => {
    const { admin, c1, c3 } = await world();
    const meeting = await make(admin, c1);
    const res = await api.create(admin.token, {
      title: "Mismatch",
      description: "Reporter and interaction disagree",
      reporter: c3.userId,
      interactionId: meeting.id,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toHaveProperty("reporter");
  });

  it("a deactivated customer cannot be the reporter (400), by `reporter`", async () => {
    const { admin, e1, c1 } = await world();
    expect((await deactivate(admin, c1)).status).toBe(200);
    for (const who of [admin, e1]) {
      const res = await api.create(who.token, {
        title: "For a deactivated customer",
        description: "Should be refused",
        reporter: c1.userId,
      });
      expect(res.status, who.userId).toBe(400);
      expect(res.json.error.details).toHaveProperty("reporter");
    }
  });

  it("a deactivated customer cannot be the reporter (400), by an interaction with them", async () => {
    const { admin, c1 } = await world();
    const meeting = await make(admin, c1);
    expect((await deactivate(admin, c1)).status).toBe(200);
    const n0 = await ticketCount();
    const res = await api.create(admin.token, {
      title: "From a deactivated customer's meeting",
      description: "Should be refused like `reporter`",
      interactionId: meeting.id,
    });
    expect(res.status).toBe(400);
    expect(await ticketCount()).toBe(n0);
  });
});
