import { asc, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as resetRoute from "@/app/api/v1/auth/reset-password/route";
import * as signinRoute from "@/app/api/v1/auth/signin/route";
import * as customerRoute from "@/app/api/v1/customers/[userId]/route";
import * as customersRoute from "@/app/api/v1/customers/route";
import { getDb, rows, writeTransaction } from "@/db/client";
import { notifications, tickets, userEvents, users, type Notification } from "@/db/schema";
import { DEACTIVATED_MESSAGE } from "@/lib/auth/authenticate";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { createCustomer } from "@/lib/crm/customer-changes";
import { findUserByUserId } from "@/lib/users/find-user";
import { call, PASSWORD } from "../helpers";
import { sentLink } from "../mail-links";
import { api, assignDirectly, person, raise, setTicket, type Person } from "../ticket-kit";

/** The customers of the CRM (docs/crm.md#customers), through the real route handlers. */

const NEW_PASSWORD = "Inv1ted!pass";

let seq = 0;
const tag = Math.random().toString(36).slice(2, 6);
/** A fresh, valid, short identifier (userIds are 3–32 characters). */
const uniq = (prefix: string) => `${prefix}${tag}${++seq}`;

const qs = (query: string) => (query ? `?${query}` : "");

const customers = {
  list: (token: string | undefined, query = "") =>
    call(customersRoute.GET, "GET", `/api/v1/customers${qs(query)}`, { token }),
  get: (token: string | undefined, userId: string) =>
    call(customerRoute.GET, "GET", `/api/v1/customers/${userId}`, { token }, { userId }),
  create: (token: string | undefined, body: unknown) =>
    call(customersRoute.POST, "POST", "/api/v1/customers", { token, body }),
  update: (token: string | undefined, userId: string, body: unknown, method = "PATCH") =>
    call(
      method === "PUT" ? customerRoute.PUT : customerRoute.PATCH,
      method,
      `/api/v1/customers/${userId}`,
      { token, body },
      { userId },
    ),
};

const signIn = (userId: string, password: string) =>
  call(signinRoute.POST, "POST", "/api/v1/auth/signin", { body: { userId, password } });

const resetPassword = (token: string, password: string) =>
  call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", { body: { token, password } });

type Listed = { userId: string };
const idsOf = (json: { data: Listed[] }) => json.data.map((c) => c.userId);

/** A customer added by an admin through the domain (fast fixture), with chosen details. */
async function addCustomer(
  admin: Person,
  details: { name?: string; email?: string; company?: string | null; userId?: string } = {},
) {
  const userId = details.userId ?? uniq("cu");
  return createCustomer(admin.actor, {
    userId,
    name: details.name ?? `Customer ${userId}`,
    email: details.email ?? `${userId}@crm.example.test`,
    company: details.company ?? null,
    phone: null,
  });
}

/** Every page of a list, following nextCursor; fails on a runaway cursor. */
async function allPages(token: string, query: string) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await customers.list(
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

async function emailsTo(email: string, template: string): Promise<Notification[]> {
  const sent = await getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.template, template))
    .orderBy(asc(notifications.id));
  return sent.filter((r) => (JSON.parse(r.recipientEmails) as string[]).includes(email));
}

/** The user_events rows of a user, oldest first. */
async function historyOf(userId: string) {
  const user = (await findUserByUserId(userId))!;
  return getDb()
    .select()
    .from(userEvents)
    .where(eq(userEvents.userId, user.id))
    .orderBy(asc(userEvents.id));
}

describe("GET /customers: who sees whom", () => {
  it("an admin sees every customer, newest first, but no staff and no deleted users", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    await person("ENGINEER", "PENDING");
    const c1 = await person("CUSTOMER");
    const c2 = await person("CUSTOMER");
    const gone = await person("CUSTOMER");
    const quiet = await person("CUSTOMER");
    expect((await api.deleteUser(admin.token, gone.userId)).status).toBe(200);
    expect((await customers.update(admin.token, quiet.userId, { active: false })).status).toBe(200);

    const res = await customers.list(admin.token, "limit=100");
    expect(res.status).toBe(200);
    expect(idsOf(res.json)).toEqual([quiet.userId, c2.userId, c1.userId]);
    expect(res.json.nextCursor).toBeNull();
    expect(res.json.data.find((c: Listed) => c.userId === quiet.userId).status).toBe("DEACTIVATED");
    expect(idsOf(res.json)).not.toContain(engineer.userId);
    expect(idsOf(res.json)).not.toContain(admin.userId);

    expect((await customers.get(admin.token, c1.userId)).status).toBe(200);
    expect((await customers.get(admin.token, gone.userId)).status).toBe(404);
    expect((await customers.get(admin.token, engineer.userId)).status).toBe(404);
    expect((await customers.get(admin.token, admin.userId)).status).toBe(404);
  });

  it("an engineer sees only customers who reported a ticket assigned to them; others are 404", async () => {
    const admin = await person("ADMIN");
    const e1 = await person("ENGINEER");
    const e2 = await person("ENGINEER");
    const mine = await person("CUSTOMER");
    const theirs = await person("CUSTOMER");
    const pooled = await person("CUSTOMER");
    const moved = await person("CUSTOMER");
    const none = await person("CUSTOMER");
    await assignDirectly(await raise(mine, "Mine"), e1);
    await assignDirectly(await raise(theirs, "Theirs"), e2);
    await assignDirectly(await raise(pooled, "Pool"), null);
    const movedTicket = await raise(moved, "Moved away");
    await assignDirectly(movedTicket, e1);
    await assignDirectly(movedTicket, e2);
    await assignDirectly(await raise(e1, "An engineer's own report"), e2);

    const res = await customers.list(e1.token, "limit=100");
    expect(res.status).toBe(200);
    expect(idsOf(res.json)).toEqual([mine.userId]);

    const res2 = await customers.list(e2.token, "limit=100");
    expect(idsOf(res2.json).sort()).toEqual([theirs.userId, moved.userId].sort());

    const mineRes = await customers.get(e1.token, mine.userId);
    expect(mineRes.status).toBe(200);
    expect(mineRes.json).toMatchObject({ userId: mine.userId, totalTickets: 1 });
    for (const other of [theirs, pooled, moved, none, e2, admin]) {
      const r = await customers.get(e1.token, other.userId);
      expect(r.status, other.userId).toBe(404);
    }
    expect((await customers.get(e1.token, "nobody-here")).status).toBe(404);
  });

  it("a customer gets 403 and an anonymous caller 401", async () => {
    const customer = await person("CUSTOMER");
    expect((await customers.list(customer.token)).status).toBe(403);
    expect((await customers.get(customer.token, customer.userId)).status).toBe(403);
    const anon = await customers.list(undefined);
    expect(anon.status).toBe(401);
    expect(anon.json.error.code).toBe("UNAUTHENTICATED");
    expect((await customers.get(undefined, customer.userId)).status).toBe(401);
  });
});

describe("GET /customers: filters", () => {
  it("q matches the name, the email, the company or the userId, and nothing else", async () => {
    const admin = await person("ADMIN");
    const byName = await addCustomer(admin, { name: "Zelda Quasimodo" });
    const byEmail = await addCustomer(admin, { email: `${uniq("x")}.quasar@mail.example.test` });
    const byCompany = await addCustomer(admin, { company: "Quasi Widgets" });
    const byUserId = await addCustomer(admin, {
      userId: uniq("quaso"),
      email: `${uniq("plain")}@example.test`,
    });
    await addCustomer(admin, { name: "Nobody Special", company: "Other Ltd" });

    const res = await customers.list(admin.token, "q=QUAS&limit=100");
    expect(res.status).toBe(200);
    expect(idsOf(res.json).sort()).toEqual(
      [byName, byEmail, byCompany, byUserId].map((c) => c.userId).sort(),
    );
    expect(idsOf((await customers.list(admin.token, "q=quasimodo")).json)).toEqual([byName.userId]);
    expect(idsOf((await customers.list(admin.token, "q=widgets")).json)).toEqual([
      byCompany.userId,
    ]);
    expect(idsOf((await customers.list(admin.token, `q=${byUserId.userId}`)).json)).toEqual([
      byUserId.userId,
    ]);
    // LIKE wildcards are literal text, not patterns.
    expect(idsOf((await customers.list(admin.token, "q=%25")).json)).toEqual([]);
    expect(idsOf((await customers.list(admin.token, "q=_")).json)).toEqual([]);
  });

  it("company matches the whole company name in any letter case", async () => {
    const admin = await person("ADMIN");
    const a = await addCustomer(admin, { company: "Acme Ltd" });
    const b = await addCustomer(admin, { company: "ACME LTD" });
    await addCustomer(admin, { company: "Acme Holdings" });
    await addCustomer(admin);

    const res = await customers.list(admin.token, `company=${encodeURIComponent("acme ltd")}`);
    expect(res.status).toBe(200);
    expect(idsOf(res.json).sort()).toEqual([a.userId, b.userId].sort());
  });

  it("status=active and status=deactivated split the customers; a bad value is 400", async () => {
    const admin = await person("ADMIN");
    const on = await addCustomer(admin);
    const off = await addCustomer(admin);
    expect((await customers.update(admin.token, off.userId, { active: false })).status).toBe(200);

    expect(idsOf((await customers.list(admin.token, "status=active")).json)).toEqual([on.userId]);
    expect(idsOf((await customers.list(admin.token, "status=deactivated")).json)).toEqual([
      off.userId,
    ]);
    const bad = await customers.list(admin.token, "status=sleeping");
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toHaveProperty("status");
  });

  it("hasActiveTickets=true|false splits by OPEN, IN_PROGRESS or BLOCKED tickets", async () => {
    const admin = await person("ADMIN");
    await person("ENGINEER");
    const open = await person("CUSTOMER");
    const blocked = await person("CUSTOMER");
    const closedOnly = await person("CUSTOMER");
    const resolvedOnly = await person("CUSTOMER");
    const noTickets = await person("CUSTOMER");
    await raise(open, "Open one");
    await setTicket(await raise(blocked, "Blocked one"), { status: "BLOCKED" });
    await setTicket(await raise(closedOnly, "Closed one"), { status: "CLOSED" });
    await setTicket(await raise(resolvedOnly, "Resolved one"), { status: "RESOLVED" });

    const yes = await customers.list(admin.token, "hasActiveTickets=true&limit=100");
    expect(yes.status).toBe(200);
    expect(idsOf(yes.json).sort()).toEqual([open.userId, blocked.userId].sort());
    const no = await customers.list(admin.token, "hasActiveTickets=false&limit=100");
    expect(idsOf(no.json).sort()).toEqual(
      [closedOnly.userId, resolvedOnly.userId, noTickets.userId].sort(),
    );
  });

  it("filters combine, and an engineer's filters stay inside what they may see", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const mine = await person("CUSTOMER");
    const other = await person("CUSTOMER");
    await assignDirectly(await raise(mine, "Mine"), engineer);
    await assignDirectly(await raise(other, "Other"), null);

    const res = await customers.list(engineer.token, "hasActiveTickets=true&status=active");
    expect(idsOf(res.json)).toEqual([mine.userId]);
    const all = await customers.list(admin.token, "hasActiveTickets=true&status=active");
    expect(idsOf(all.json).sort()).toEqual([mine.userId, other.userId].sort());
    const none = await customers.list(engineer.token, `q=${other.userId}`);
    expect(idsOf(none.json)).toEqual([]);
  });
});

describe("GET /customers: pages and counts", () => {
  it("cursor pagination walks every customer once, in the order of one big page", async () => {
    const admin = await person("ADMIN");
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await addCustomer(admin)).userId);

    const whole = await customers.list(admin.token, "limit=100");
    expect(idsOf(whole.json)).toEqual([...made].reverse());

    const pages = await allPages(admin.token, "limit=3");
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const walked = pages.flat();
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(idsOf(whole.json));

    // A filtered walk stays filtered across pages.
    const half = made.filter((_, i) => i % 2 === 0);
    for (const userId of half) {
      expect((await customers.update(admin.token, userId, { active: false })).status).toBe(200);
    }
    const filtered = (await allPages(admin.token, "limit=2&status=deactivated")).flat();
    expect(filtered).toEqual([...half].reverse());
  });

  it("limit is capped and a forged cursor is a 400, not a 500", async () => {
    const admin = await person("ADMIN");
    expect((await customers.list(admin.token, "limit=101")).status).toBe(400);
    expect((await customers.list(admin.token, "limit=0")).status).toBe(400);
    const forged = await customers.list(admin.token, "cursor=not-a-cursor");
    expect(forged.status).toBe(400);
    expect(forged.json.error.details).toHaveProperty("cursor");
  });

  it("activeTickets and totalTickets count each customer's own tickets by status", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const busy = await person("CUSTOMER");
    const light = await person("CUSTOMER");
    const idle = await person("CUSTOMER");
    const statuses = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED", "CLOSED"];
    for (const status of statuses) await setTicket(await raise(busy, `Busy ${status}`), { status });
    await setTicket(await raise(light, "Light resolved"), { status: "RESOLVED" });
    await raise(engineer, "An engineer's own ticket");

    const res = await customers.list(admin.token, "limit=100");
    const byId = Object.fromEntries(
      res.json.data.map((c: { userId: string }) => [c.userId, c]),
    ) as Record<string, { activeTickets: number; totalTickets: number }>;
    expect(byId[busy.userId]).toMatchObject({ activeTickets: 3, totalTickets: 6 });
    expect(byId[light.userId]).toMatchObject({ activeTickets: 0, totalTickets: 1 });
    expect(byId[idle.userId]).toMatchObject({ activeTickets: 0, totalTickets: 0 });

    const one = await customers.get(admin.token, busy.userId);
    expect(one.json).toMatchObject({ activeTickets: 3, totalTickets: 6 });
    // The counts follow a change.
    await writeTransaction(async () => {
      await getDb()
        .update(tickets)
        .set({ status: "CLOSED" })
        .where(eq(tickets.reporterId, busy.id));
    });
    const after = await customers.get(admin.token, busy.userId);
    expect(after.json).toMatchObject({ activeTickets: 0, totalTickets: 6 });
  });

  it("never shows a password hash", async () => {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    const res = await customers.list(admin.token);
    const one = await customers.get(admin.token, c.userId);
    for (const text of [res.text, one.text]) {
      expect(text).not.toContain("scrypt$");
      expect(text).not.toMatch(/password_?hash/i);
    }
  });
});

describe("POST /customers", () => {
  it("an admin adds an APPROVED customer without a usable password", async () => {
    const admin = await person("ADMIN");
    const userId = uniq("new");
    const email = `${userId}@Shop.Example.test`;
    const res = await customers.create(admin.token, {
      userId,
      name: "Nora Newcomer",
      email,
      company: "Newco",
      phone: "+44 20 7946 0000",
    });
    expect(res.status).toBe(201);
    expect(res.json.customer).toMatchObject({
      userId,
      name: "Nora Newcomer",
      email: email.toLowerCase(),
      company: "Newco",
      phone: "+44 20 7946 0000",
      status: "ACTIVE",
      hasPassword: false,
      activeTickets: 0,
      totalTickets: 0,
    });
    expect(res.text).not.toContain(NO_PASSWORD_YET);

    const row = (await findUserByUserId(userId))!;
    expect(row).toMatchObject({ userType: "CUSTOMER", userStatus: "APPROVED" });
    expect(row.passwordHash.startsWith("scrypt$")).toBe(false);

    for (const password of [PASSWORD, NO_PASSWORD_YET, "", "!", "anything-Aa1!"]) {
      const attempt = await signIn(userId, password || "x");
      expect(attempt.status, password).toBe(401);
    }
    const listed = await customers.list(admin.token);
    expect(idsOf(listed.json)).toContain(userId);
  });

  it("derives a free userId from the email when none is given", async () => {
    const admin = await person("ADMIN");
    const local = uniq("ann.lee");
    const first = await customers.create(admin.token, {
      name: "Ann Lee",
      email: `${local}@one.example.test`,
    });
    expect(first.status).toBe(201);
    expect(first.json.customer.userId).toBe(local);

    const second = await customers.create(admin.token, {
      name: "Ann Lee the second",
      email: `${local}@two.example.test`,
    });
    expect(second.status).toBe(201);
    const id2 = second.json.customer.userId;
    expect(id2).not.toBe(local);
    expect(id2).toMatch(/^[A-Za-z0-9._-]{3,32}$/);

    // Letter case does not make a handle free; odd characters and short locals still give a valid id.
    const upper = await customers.create(admin.token, {
      name: "Upper",
      email: `${local.toUpperCase()}@three.example.test`,
    });
    expect(upper.status).toBe(201);
    expect([local, id2].map((s) => s.toLowerCase())).not.toContain(
      upper.json.customer.userId.toLowerCase(),
    );
    const odd = [
      `jo@${uniq("d")}.test`,
      `x@${uniq("d")}.test`,
      `o'neil+x@${uniq("d")}.test`,
      `++@${uniq("d")}.test`,
      `a.very.long.local.part.that.goes.beyond.thirty.two@${uniq("d")}.test`,
    ];
    for (const email of [...odd, odd[4].replace("@", "@2")]) {
      const r = await customers.create(admin.token, { name: "Odd", email });
      expect(r.status, email).toBe(201);
      expect(r.json.customer.userId, email).toMatch(/^[A-Za-z0-9._-]{3,32}$/);
    }
    const existing = await person("CUSTOMER");
    const clash = await customers.create(admin.token, {
      name: "Clash",
      email: `${existing.userId}@elsewhere.example.test`,
    });
    expect(clash.status).toBe(201);
    expect(clash.json.customer.userId.toLowerCase()).not.toBe(existing.userId.toLowerCase());
  });

  it("answers 409 when the email or the userId is taken, in any letter case", async () => {
    const admin = await person("ADMIN");
    const existing = await person("CUSTOMER");
    const byEmail = await customers.create(admin.token, {
      userId: uniq("fresh"),
      name: "Dup email",
      email: existing.user.email.toUpperCase(),
    });
    expect(byEmail.status).toBe(409);
    expect(byEmail.json.error.details).toHaveProperty("email");

    const byUserId = await customers.create(admin.token, {
      userId: existing.userId.toUpperCase(),
      name: "Dup id",
      email: `${uniq("fresh")}@example.test`,
    });
    expect(byUserId.status).toBe(409);
    expect(byUserId.json.error.details).toHaveProperty("userId");

    // Staff identities are taken too.
    const staff = await customers.create(admin.token, {
      userId: uniq("fresh"),
      name: "Admin's address",
      email: admin.user.email,
    });
    expect(staff.status).toBe(409);
  });

  it("answers 400 with details for bad input, and creates nothing", async () => {
    const admin = await person("ADMIN");
    const [{ n: before }] = await getDb().select({ n: count() }).from(users);
    const bad = await customers.create(admin.token, {
      userId: "a!",
      name: "",
      email: "not-an-email",
      phone: "call me maybe",
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION");
    expect(Object.keys(bad.json.error.details).sort()).toEqual(
      ["email", "name", "phone", "userId"].sort(),
    );
    const missing = await customers.create(admin.token, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.details).toHaveProperty("name");
    expect(missing.json.error.details).toHaveProperty("email");
    const notJson = await call(customersRoute.POST, "POST", "/api/v1/customers", {
      token: admin.token,
      rawBody: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    const [{ n: after }] = await getDb().select({ n: count() }).from(users);
    expect(after).toBe(before);
  });

  it("is for admins: an engineer or customer gets 403, an anonymous caller 401", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const body = { name: "Nope", email: `${uniq("nope")}@example.test` };
    expect((await customers.create(engineer.token, body)).status).toBe(403);
    expect((await customers.create(customer.token, body)).status).toBe(403);
    expect((await customers.create(undefined, body)).status).toBe(401);
    expect(await findUserByUserId(body.email.split("@")[0])).toBeUndefined();
  });

  it("emails an invitation whose link sets the first password, once", async () => {
    const admin = await person("ADMIN");
    const email = `${uniq("invitee")}@example.test`;
    const res = await customers.create(admin.token, { name: "Ivy Invitee", email });
    expect(res.status).toBe(201);
    const userId = res.json.customer.userId as string;

    const invites = await emailsTo(email, "invitation");
    expect(invites).toHaveLength(1);
    expect(JSON.parse(invites[0].recipientEmails)).toEqual([email]);
    const data = JSON.parse(invites[0].data) as { url: string; userId: string; name: string };
    expect(data).toMatchObject({ userId, name: "Ivy Invitee" });
    const url = sentLink(invites[0]);
    expect(url.pathname).toBe("/reset-password");
    const token = url.searchParams.get("token")!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // Nobody else is told, and the raw token is not stored anywhere but the email.
    expect(
      (await getDb().select().from(notifications)).filter((r) => r.template === "invitation"),
    ).toHaveLength(1);
    expect(await rows(sql`select * from user_tokens`)).not.toContainEqual(
      expect.objectContaining({ token_hash: token }),
    );

    expect((await signIn(userId, NEW_PASSWORD)).status).toBe(401);
    const reset = await resetPassword(token, NEW_PASSWORD);
    expect(reset.status).toBe(200);
    const ok = await signIn(userId, NEW_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.json.userDetails.userId).toBe(userId);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);

    const again = await resetPassword(token, "An0ther!pass");
    expect(again.status).toBe(400);
    expect((await signIn(userId, "An0ther!pass")).status).toBe(401);
    expect((await customers.get(admin.token, userId)).json.hasPassword).toBe(true);
  });

  it("records created and invited in the customer's history, by the admin", async () => {
    const admin = await person("ADMIN");
    const email = `${uniq("hist")}@example.test`;
    const res = await customers.create(admin.token, { name: "Hal History", email });
    const events = await historyOf(res.json.customer.userId);
    expect(events.map((e) => e.type)).toEqual(["created", "invited"]);
    for (const e of events) expect(e.actorId).toBe(admin.id);
    expect(events[1].newValue).toBe(email);
  });
});

describe("PATCH /customers/:userId: edits", () => {
  it("edits name, company and phone, with one history event per changed field", async () => {
    const admin = await person("ADMIN");
    const c = await addCustomer(admin, { name: "Old Name", company: "Old Co" });
    const res = await customers.update(admin.token, c.userId, {
      name: "New Name",
      company: "New Co",
      phone: "+1 555 0100",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      userId: c.userId,
      name: "New Name",
      company: "New Co",
      phone: "+1 555 0100",
    });
    expect(await findUserByUserId(c.userId)).toMatchObject({ name: "New Name", company: "New Co" });

    const edits = (await historyOf(c.userId)).filter((e) => e.type === "edited");
    expect(edits.map((e) => [e.field, e.oldValue, e.newValue]).sort()).toEqual(
      [
        ["name", "Old Name", "New Name"],
        ["company", "Old Co", "New Co"],
        ["phone", null, "+1 555 0100"],
      ].sort(),
    );
    for (const e of edits) expect(e.actorId).toBe(admin.id);

    // Sending the same values again changes nothing and records nothing.
    const same = await customers.update(admin.token, c.userId, { name: "New Name" }, "PUT");
    expect(same.status).toBe(200);
    expect((await historyOf(c.userId)).filter((e) => e.type === "edited")).toHaveLength(3);
    // Clearing the company is a change too.
    await customers.update(admin.token, c.userId, { company: null });
    const last = (await historyOf(c.userId)).at(-1)!;
    expect([last.type, last.field, last.oldValue, last.newValue]).toEqual([
      "edited",
      "company",
      "New Co",
      null,
    ]);
  });

  it("an email change queues a verification email to the new address and unverifies", async () => {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    await writeTransaction(async () => {
      await getDb().update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, c.id));
    });
    expect((await customers.get(admin.token, c.userId)).json.emailVerifiedAt).not.toBeNull();

    const newEmail = `${uniq("moved")}@New.Example.test`;
    const res = await customers.update(admin.token, c.userId, { email: newEmail });
    expect(res.status).toBe(200);
    expect(res.json.email).toBe(newEmail.toLowerCase());
    expect(res.json.emailVerifiedAt).toBeNull();
    expect(await emailsTo(newEmail.toLowerCase(), "verify-email")).toHaveLength(1);
    const edit = (await historyOf(c.userId)).find((e) => e.field === "email")!;
    expect([edit.oldValue, edit.newValue]).toEqual([c.user.email, newEmail.toLowerCase()]);
    // The new address signs in.
    expect((await signIn(newEmail, PASSWORD)).status).toBe(200);
  });

  it("answers 409 for an email that belongs to someone else, and changes nothing", async () => {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    const other = await person("ENGINEER");
    const res = await customers.update(admin.token, c.userId, {
      name: "Should not stick",
      email: other.user.email,
    });
    expect(res.status).toBe(409);
    expect((await findUserByUserId(c.userId))!.name).toBe(c.user.name);
    expect((await historyOf(c.userId)).filter((e) => e.type === "edited")).toEqual([]);
  });

  it("refuses unknown fields, bad values and an empty body with 400", async () => {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    for (const body of [
      { userType: "ADMIN" },
      { userStatus: "REJECTED" },
      { password: "Str0ng!other" },
      { name: "Fine", nickname: "nope" },
      {},
      { email: "not-an-email" },
      { active: "maybe" },
    ]) {
      const res = await customers.update(admin.token, c.userId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION");
    }
    expect(await findUserByUserId(c.userId)).toMatchObject({
      userType: "CUSTOMER",
      userStatus: "APPROVED",
      name: c.user.name,
    });
  });

  it("is for admins only: engineers (even the customer's) and customers get 403", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const c = await person("CUSTOMER");
    await assignDirectly(await raise(c, "Theirs"), engineer);
    expect((await customers.get(engineer.token, c.userId)).status).toBe(200);
    expect((await customers.update(engineer.token, c.userId, { name: "Hack" })).status).toBe(403);
    expect((await customers.update(engineer.token, c.userId, { active: false })).status).toBe(403);
    expect((await customers.update(c.token, c.userId, { name: "Self" })).status).toBe(403);
    expect((await customers.update(undefined, c.userId, { name: "Anon" })).status).toBe(401);
    expect(await findUserByUserId(c.userId)).toMatchObject({
      name: c.user.name,
      deactivatedAt: null,
    });
    // Staff are not customers: 404 for them here.
    expect((await customers.update(admin.token, engineer.userId, { name: "X" })).status).toBe(404);
    expect((await customers.update(admin.token, "no-such-user", { name: "X" })).status).toBe(404);
  });
});

describe("PATCH /customers/:userId: deactivation", () => {
  it("active:false stops sign-in (403) and every token at once; tickets stay", async () => {
    const admin = await person("ADMIN");
    await person("ENGINEER");
    const c = await person("CUSTOMER");
    const number = await raise(c, "Still mine");
    const signedIn = await signIn(c.userId, PASSWORD);
    expect(signedIn.status).toBe(200);
    const fresh = signedIn.json.userDetails.token as string;
    expect((await api.list(fresh)).status).toBe(200);

    const res = await customers.update(admin.token, c.userId, { active: false });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("DEACTIVATED");

    const denied = await signIn(c.userId, PASSWORD);
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toBe(DEACTIVATED_MESSAGE);
    expect(denied.json.userDetails).toBeUndefined();
    // A wrong password still says nothing about the account.
    expect((await signIn(c.userId, "Wr0ng!pass")).status).toBe(401);

    for (const token of [fresh, c.token]) {
      expect((await api.list(token)).status).toBe(401);
      expect((await api.get(token, number)).status).toBe(401);
    }

    const tickets = await api.list(admin.token, `reporter=${c.userId}`);
    expect(tickets.status).toBe(200);
    expect(tickets.json.data.map((t: { number: number }) => t.number)).toEqual([number]);
    expect((await api.get(admin.token, number)).status).toBe(200);
    expect((await customers.get(admin.token, c.userId)).json).toMatchObject({
      status: "DEACTIVATED",
      totalTickets: 1,
    });

    const last = (await historyOf(c.userId)).at(-1)!;
    expect([last.type, last.actorId]).toEqual(["deactivated", admin.id]);
  });

  it("active:true turns the account back on: sign-in works again", async () => {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    expect((await customers.update(admin.token, c.userId, { active: false })).status).toBe(200);
    expect((await signIn(c.userId, PASSWORD)).status).toBe(403);

    const res = await customers.update(admin.token, c.userId, { active: true });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("ACTIVE");
    const back = await signIn(c.userId, PASSWORD);
    expect(back.status).toBe(200);
    expect((await api.list(back.json.userDetails.token)).status).toBe(200);
    expect((await historyOf(c.userId)).map((e) => e.type)).toEqual(["deactivated", "reactivated"]);
  });

  it("deactivating twice, or activating an active customer, is a 409", async () => {
    const admin = await person("ADMIN");
    const c = await person("CUSTOMER");
    expect((await customers.update(admin.token, c.userId, { active: true })).status).toBe(409);
    expect((await customers.update(admin.token, c.userId, { active: false })).status).toBe(200);
    const twice = await customers.update(admin.token, c.userId, { active: false });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe("CONFLICT");
    expect((await historyOf(c.userId)).filter((e) => e.type === "deactivated")).toHaveLength(1);
  });

  it("a deactivated customer's invitation link no longer lets them in", async () => {
    const admin = await person("ADMIN");
    const email = `${uniq("late")}@example.test`;
    const created = await customers.create(admin.token, { name: "Late Larry", email });
    const userId = created.json.customer.userId as string;
    const url = sentLink((await emailsTo(email, "invitation"))[0]);
    expect((await customers.update(admin.token, userId, { active: false })).status).toBe(200);

    // Whatever the link does, it must not produce a working sign-in.
    await resetPassword(url.searchParams.get("token")!, NEW_PASSWORD);
    const attempt = await signIn(userId, NEW_PASSWORD);
    expect(attempt.status).toBe(403);
    expect(attempt.json.error.message).toBe(DEACTIVATED_MESSAGE);
  });
});
