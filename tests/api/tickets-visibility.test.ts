import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { ticketEvents, ticketReplies, tickets } from "@/db/schema";
import {
  api,
  assignDirectly,
  numbersOf,
  person,
  raise,
  setTicket,
  ticketRow,
  workingCount,
  type Person,
} from "../ticket-kit";

/**
 * Five users and five tickets:
 *  mine1     c1's ticket held by e1        pool     c1's, unassigned, OPEN
 *  mine2     c2's ticket held by e2        closed   c2's, unassigned, CLOSED
 *  byE1      reported by e1, held by e2
 */
async function world() {
  const admin = await person("ADMIN");
  const c1 = await person("CUSTOMER");
  const c2 = await person("CUSTOMER");
  const e1 = await person("ENGINEER");
  const e2 = await person("ENGINEER");
  const t = {
    mine1: await raise(c1, "Printer one", "Paper jam in tray one"),
    mine2: await raise(c2, "Laptop two", "Battery drains fast"),
    pool: await raise(c1, "Pool issue", "Nobody holds this yet"),
    closed: await raise(c2, "Old closed issue", "Done long ago"),
    byE1: await raise(e1, "Engineer report", "Reported by engineer one"),
  };
  await assignDirectly(t.mine1, e1);
  await assignDirectly(t.mine2, e2);
  await assignDirectly(t.pool, null);
  await assignDirectly(t.closed, null);
  await setTicket(t.closed, { status: "CLOSED" });
  await assignDirectly(t.byE1, e2);
  const people = { admin, c1, c2, e1, e2 };
  return { people, t };
}
type World = Awaited<ReturnType<typeof world>>;
type Role = keyof World["people"];
type Name = keyof World["t"];

const SEES: Record<Role, Name[]> = {
  admin: ["mine1", "mine2", "pool", "closed", "byE1"],
  c1: ["mine1", "pool"],
  c2: ["mine2", "closed"],
  e1: ["mine1", "pool", "byE1"],
  e2: ["mine2", "pool", "byE1"],
};
const ROLES = Object.keys(SEES) as Role[];
const NAMES: Name[] = ["mine1", "mine2", "pool", "closed", "byE1"];

/** Runs a route for every ticket; returns name → status, to compare with what the role may see. */
async function probe(
  w: World,
  role: Role,
  run: (me: Person, n: number, name: Name) => Promise<{ status: number }>,
) {
  const out: Partial<Record<Name, number>> = {};
  for (const name of NAMES) out[name] = (await run(w.people[role], w.t[name], name)).status;
  return out;
}
const expected = (role: Role, seen: (name: Name) => number) =>
  Object.fromEntries(NAMES.map((n) => [n, SEES[role].includes(n) ? seen(n) : 404]));

describe.each(ROLES)("what %s sees, route by route", (role) => {
  it("GET /tickets lists exactly the visible tickets", async () => {
    const w = await world();
    const res = await api.list(w.people[role].token, "limit=100");
    expect(res.status).toBe(200);
    expect(numbersOf(res.json).sort()).toEqual(SEES[role].map((n) => w.t[n]).sort());
  });

  it("GET /tickets/:id: 200 for visible, 404 otherwise", async () => {
    const w = await world();
    expect(await probe(w, role, (me, n) => api.get(me.token, n))).toEqual(
      expected(role, () => 200),
    );
  });

  it("GET /tickets/:id by public id: 200 for visible, 404 otherwise", async () => {
    const w = await world();
    const byId = async (me: Person, n: number) =>
      api.get(me.token, (await ticketRow(n))!.id as string);
    expect(await probe(w, role, byId)).toEqual(expected(role, () => 200));
  });

  it.each(["PUT", "PATCH"] as const)(
    "%s /tickets/:id: 404 for a hidden ticket, which stays untouched",
    async (method) => {
      const w = await world();
      const statuses = await probe(w, role, (me, n) =>
        api.update(me.token, n, { title: "Probe" }, method),
      );
      for (const name of NAMES) {
        if (SEES[role].includes(name)) expect(statuses[name]).not.toBe(404);
        else {
          expect(statuses[name]).toBe(404);
          expect((await ticketRow(w.t[name]))!.title).not.toBe("Probe");
        }
      }
    },
  );

  it("GET /tickets/:id/replies and /events: 200 for visible, 404 otherwise", async () => {
    const w = await world();
    expect(await probe(w, role, (me, n) => api.replies(me.token, n))).toEqual(
      expected(role, () => 200),
    );
    expect(await probe(w, role, (me, n) => api.events(me.token, n))).toEqual(
      expected(role, () => 200),
    );
  });

  it("POST /tickets/:id/replies: 404 for a hidden ticket, nothing stored", async () => {
    const w = await world();
    const statuses = await probe(w, role, (me, n) => api.reply(me.token, n, { body: "Hello" }));
    // Staff may reply to anything they see; a customer waits for staff (403) but never sees 403
    // for someone else's ticket.
    const seen = () => (role.startsWith("c") ? 403 : 201);
    expect(statuses).toEqual(expected(role, seen));
    const stored = await getDb().select({ n: ticketReplies.ticketNumber }).from(ticketReplies);
    for (const name of NAMES)
      if (!SEES[role].includes(name)) expect(stored.map((r) => r.n)).not.toContain(w.t[name]);
  });

  it("POST /tickets/:id/accept: 404 for hidden, 403 for non-engineers, 409 if held by another", async () => {
    const w = await world();
    const me = w.people[role];
    const statuses = await probe(w, role, (p, n) => api.accept(p.token, n));
    // Who holds each ticket, read after the attempts (as the expectation always was).
    const holders: Partial<Record<Name, unknown>> = {};
    for (const name of NAMES) holders[name] = (await ticketRow(w.t[name]))!.assignee_id;
    const accept = (name: Name) => {
      if (me.user.userType !== "ENGINEER") return 403;
      const held = holders[name];
      return held === null || held === me.id ? 200 : 409;
    };
    expect(statuses).toEqual(expected(role, accept));
  });

  it("DELETE /tickets/:id: admin only (403 on a visible ticket), 404 for hidden", async () => {
    const w = await world();
    const statuses = await probe(w, role, (me, n) => api.remove(me.token, n));
    expect(statuses).toEqual(expected(role, () => (role === "admin" ? 200 : 403)));
    const [{ left }] = await getDb().select({ left: count() }).from(tickets);
    expect(left).toBe(role === "admin" ? 0 : NAMES.length);
  });
});

describe("deleting tickets", () => {
  it("updates working counts and removes replies and events with the ticket", async () => {
    const { people, t } = await world();
    const { admin, e1 } = people;
    await api.reply(e1.token, t.mine1, { body: "On it" });
    expect(await workingCount(e1)).toBe(1);
    const res = await api.remove(admin.token, t.mine1);
    expect(res.status).toBe(200);
    expect(await workingCount(e1)).toBe(0);
    expect(await ticketRow(t.mine1)).toBeUndefined();
    for (const table of [ticketReplies, ticketEvents]) {
      const [row] = await getDb()
        .select({ c: count() })
        .from(table)
        .where(eq(table.ticketNumber, t.mine1));
      expect(row.c).toBe(0);
    }
    expect((await api.get(admin.token, t.mine1)).status).toBe(404);
  });

  it("deleting a resolved ticket leaves the working count alone", async () => {
    const { people, t } = await world();
    await api.update(people.e1.token, t.mine1, { status: "RESOLVED" });
    const extra = await raise(people.c1);
    await assignDirectly(extra, people.e1);
    expect(await workingCount(people.e1)).toBe(1);
    await api.remove(people.admin.token, t.mine1);
    expect(await workingCount(people.e1)).toBe(1);
  });
});

describe("internal notes never reach a customer", () => {
  async function withNote() {
    const w = await world();
    const { e1 } = w.people;
    await api.reply(e1.token, w.t.mine1, { body: "Secret toner budget", internal: true });
    await api.reply(e1.token, w.t.mine1, { body: "Replacing the roller" });
    return w;
  }

  it("GET replies: staff see the note, the customer only the public reply", async () => {
    const { people, t } = await withNote();
    const bodies = async (p: Person) =>
      (await api.replies(p.token, t.mine1)).json.data.map((r: { body: string }) => r.body);
    expect(await bodies(people.c1)).toEqual(["Replacing the roller"]);
    expect(await bodies(people.e1)).toEqual(["Secret toner budget", "Replacing the roller"]);
    expect(await bodies(people.admin)).toHaveLength(2);
  });

  it("GET events: no note event (or its text) for the customer", async () => {
    const { people, t } = await withNote();
    const customer = await api.events(people.c1.token, t.mine1);
    expect(customer.json.data.map((e: { type: string }) => e.type)).not.toContain("note");
    expect(customer.text).not.toContain("toner");
    const staff = await api.events(people.e1.token, t.mine1);
    expect(staff.json.data.map((e: { type: string }) => e.type)).toContain("note");
  });

  it("search: a word only in a note finds nothing for the customer, the ticket for staff", async () => {
    const { people, t } = await withNote();
    expect((await api.list(people.c1.token, "q=toner")).json.data).toEqual([]);
    expect(numbersOf((await api.list(people.e1.token, "q=toner")).json)).toEqual([t.mine1]);
    expect(numbersOf((await api.list(people.admin.token, "q=toner")).json)).toEqual([t.mine1]);
    expect(numbersOf((await api.list(people.c1.token, "q=roller")).json)).toEqual([t.mine1]);
  });
});
