import { expect, test } from "@playwright/test";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startPostgresServer, type PostgresServer } from "../tests/postgres/server";
import { E2E_MULTI_PORT } from "../playwright.config";
import {
  call,
  counted,
  createDatabase,
  expectAll,
  healthy,
  killAll,
  Listener,
  outcome,
  startInstance,
  startMailSink,
  type Account,
  type Answer,
  type Delivery,
  type Instance,
} from "./support/instances";

/**
 * Several instances serve one help desk on PostgreSQL (docs/testing.md#several-instances-on-one-postgresql):
 * two production servers (the build the suite just made) on one fresh database, each with its
 * outbox worker on and sending over SMTP to a sink of this spec, with the same AUTH_SECRET. Every
 * oracle is read from the database with a pg client of its own, never from the app's answers.
 *
 * The tests run in order in one worker and share the desk beforeAll sets up (users, tokens); each
 * makes its own traffic, so after a failure Playwright's fresh worker sets up a fresh desk and the
 * rest still mean what they say.
 */
test.describe.configure({ mode: "default" });

const DIR = path.resolve("data/e2e-multi");
const DATABASE = "caseline_multi";
const SECRET = "multi-secret-multi-secret-multi-secret-0123";
const ADMIN = { userId: "admin", password: "Multi-Admin#2026" };
const ENGINEER_PASSWORD = "Engineer#2026m";
const CUSTOMER_PASSWORD = "Customer#2026m";
const ENGINEERS = 5;
const CUSTOMERS = 4;
/** How long a claimed email stays with its worker: short, so B takes over what a killed A held. */
const LEASE_SECONDS = 10;
let cluster: PostgresServer | undefined;
/** This spec's own connections, for the oracles (a pool: setup reads several at once). */
let db: pg.Pool | undefined;
let sink: { port: number; close: () => Promise<void> } | undefined;
const deliveries: Delivery[] = [];
let A: Instance;
let B: Instance;
const instances: Instance[] = [];
const listeners: Listener[] = [];
let desk: { admin: Account; engineers: Account[]; customers: Account[] };
/** What this worker's tests did, for the summary line (docs/testing.md gives a run's figures). */
const figures = { eventsChecked: 0, emailsChecked: 0 };

const via = (k: number) => (k % 2 === 0 ? A : B);

function start(name: "A" | "B", port: number, databaseUrl: string, smtpPort: number) {
  const instance = startInstance({
    name,
    port,
    dir: DIR,
    env: {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: SECRET,
      ADMIN_USER_ID: ADMIN.userId,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_EMAIL: "admin@multi.test",
      EMAIL_TRANSPORT: "smtp",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // The sender tells the sink which instance's worker sent a message.
      EMAIL_FROM: `Caseline ${name} <${name.toLowerCase()}@multi.test>`,
      OUTBOX_WORKER: "true",
      OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      OUTBOX_RETRY_BASE_SECONDS: "1",
      // Request budgets are not what this spec is about (sign-in lockouts are: defaults).
      RATE_LIMIT_USER_PER_MINUTE: "100000",
      RATE_LIMIT_ANON_PER_MINUTE: "100000",
    },
  });
  instances.push(instance);
  return instance;
}

async function signIn(instance: Instance, userId: string, password: string) {
  const r = await call(instance, "POST", "/auth/signin", { body: { userId, password } });
  expect(r.status, `sign in ${userId} on ${instance.name}: ${outcome(r)}`).toBe(200);
  return r.json.userDetails.token as string;
}

async function dbIdOf(userId: string) {
  const { rows } = await db!.query<{ id: number }>("select id from users where user_id = $1", [
    userId,
  ]);
  return rows[0].id;
}

// ---- oracles, read from the database ------------------------------------------------------

type Load = { userId: string; stored: number; counted: number };

async function engineerLoads(): Promise<Load[]> {
  const { rows } = await db!.query<Load>(
    `select u.user_id as "userId", u.working_count as stored,
       (select count(*)::int from tickets t
         where t.assignee_id = u.id and t.status in ('OPEN', 'IN_PROGRESS')) as counted
     from users u
     where u.user_type = 'ENGINEER' and u.user_status = 'APPROVED' and u.deleted_at is null
     order by u.id`,
  );
  return rows;
}

/** Every user (any role or status) whose stored working count isn't a fresh COUNT(*). */
async function countMismatches() {
  const { rows } = await db!.query(
    `select u.user_id as "userId", u.working_count as stored, count(t.number)::int as counted
     from users u
     left join tickets t on t.assignee_id = u.id and t.status in ('OPEN', 'IN_PROGRESS')
     group by u.id
     having u.working_count <> count(t.number)`,
  );
  return rows;
}

const spread = (loads: Load[]) =>
  Math.max(...loads.map((l) => l.stored)) - Math.min(...loads.map((l) => l.stored));

async function outbox() {
  const { rows } = await db!.query<{ recipients: string; subject: string; status: string }>(
    "select recipient_emails as recipients, subject, status from notifications order by id",
  );
  return rows;
}

/** Waits until no email is left PENDING, and fails at once on a FAILED one. */
async function outboxSettled(timeout: number) {
  await expect
    .poll(
      async () => {
        const rows = await outbox();
        const failed = rows.filter((r) => r.status === "FAILED");
        if (failed.length) throw new Error(`FAILED emails: ${JSON.stringify(failed)}`);
        return rows.filter((r) => r.status !== "SENT").length;
      },
      { message: "every outbox row SENT", timeout },
    )
    .toBe(0);
  return outbox();
}

const mailKey = (to: string[], subject: string) =>
  `${[...to]
    .map((a) => a.toLowerCase())
    .sort()
    .join(",")} | ${subject}`;

function tally(keys: string[]) {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

// ---- live updates --------------------------------------------------------------------------

type EventRow = {
  id: number;
  ticket: number;
  type: string;
  internal: boolean;
  oldValue: string | null;
  reporterId: number;
  assigneeId: number | null;
  status: string;
};

/**
 * docs/visibility.md#live-updates: admins hear everything; engineers what is assigned to or
 * reported by them, the unassigned active pool, and a ticket being taken from them; customers
 * their own tickets' events, never internal ones. Judged on the ticket as it is now: the live
 * test changes no assignee while it listens, so that is how it was when each event went out.
 */
function mayHear(l: Listener, e: EventRow) {
  if (l.role === "ADMIN") return true;
  if (l.role === "ENGINEER")
    return (
      e.assigneeId === l.account.dbId ||
      e.reporterId === l.account.dbId ||
      (e.assigneeId === null && ["OPEN", "IN_PROGRESS", "BLOCKED"].includes(e.status)) ||
      (e.type === "assigned" && e.oldValue === l.account.userId)
    );
  return e.reporterId === l.account.dbId && !e.internal;
}

// ---- the desk ------------------------------------------------------------------------------

test.beforeAll(async () => {
  test.setTimeout(240_000);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });

  sink = await startMailSink((mail) => deliveries.push(mail));
  const smtpPort = sink.port;

  // Two pools of 10 (DATABASE_POOL_SIZE) and this spec's pool of 4.
  cluster = await startPostgresServer({ maxConnections: 40 });
  const url = await createDatabase(cluster, DATABASE);

  // Both start at once on the empty database: one migrates and creates the first admin, the
  // other waits for the migration lock and finds the admin there.
  A = start("A", E2E_MULTI_PORT, url, smtpPort);
  B = start("B", E2E_MULTI_PORT + 1, url, smtpPort);
  await Promise.all([healthy(A), healthy(B)]);
  db = new pg.Pool({ connectionString: url, max: 4 });

  // Accounts through both instances; a token from one is good on the other (one AUTH_SECRET).
  const adminToken = await signIn(A, ADMIN.userId, ADMIN.password);
  const engineerIds = Array.from({ length: ENGINEERS }, (_, i) => `mi-eng${i}`);
  const signups = await Promise.all(
    engineerIds.map((userId, i) =>
      call(via(i), "POST", "/auth/signup", {
        body: {
          userId,
          name: `Engineer ${i}`,
          email: `${userId}@multi.test`,
          password: ENGINEER_PASSWORD,
          userType: "ENGINEER",
        },
      }),
    ),
  );
  expectAll(signups, 201, "engineer sign-ups");
  const approvals = await Promise.all(
    engineerIds.map((userId, i) =>
      call(via(i + 1), "PATCH", `/users/${userId}`, {
        token: adminToken,
        body: { userStatus: "APPROVED" },
      }),
    ),
  );
  expectAll(approvals, 200, "engineer approvals");
  const customerIds = Array.from({ length: CUSTOMERS }, (_, i) => `mi-cus${i}`);
  const customerSignups = await Promise.all(
    customerIds.map((userId, i) =>
      call(via(i), "POST", "/auth/signup", {
        body: {
          userId,
          name: `Customer ${i}`,
          email: `${userId}@multi.test`,
          password: CUSTOMER_PASSWORD,
        },
      }),
    ),
  );
  expectAll(customerSignups, 201, "customer sign-ups");
  const account = async (userId: string, token: string) => ({
    userId,
    token,
    dbId: await dbIdOf(userId),
  });
  desk = {
    admin: await account(ADMIN.userId, adminToken),
    engineers: await Promise.all(
      engineerIds.map(async (id, i) =>
        account(id, await signIn(via(i + 1), id, ENGINEER_PASSWORD)),
      ),
    ),
    customers: await Promise.all(
      customerIds.map(async (id, i) =>
        account(id, await signIn(via(i + 1), id, CUSTOMER_PASSWORD)),
      ),
    ),
  };
});

test.afterAll(async () => {
  for (const l of listeners.splice(0)) l.close();
  await killAll(instances);
  await db?.end().catch(() => undefined);
  db = undefined;
  await cluster?.stop();
  cluster = undefined;
  await sink?.close();
  sink = undefined;
  console.log(
    `multi-instance: ${counted.requests} requests, ${figures.eventsChecked} live events checked, ${figures.emailsChecked} emails checked`,
  );
});

const engineerToken = (userId: string) => desk.engineers.find((e) => e.userId === userId)!.token;

test("concurrent traffic through both instances keeps every working count exact and level", async () => {
  test.setTimeout(180_000);
  const { customers, engineers, admin } = desk;
  // A burst of creations by several customers through both instances, with sign-ins among them.
  const [created, signins] = await Promise.all([
    Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        call(via(i), "POST", "/tickets", {
          token: customers[i % customers.length].token,
          body: {
            title: `Burst ${i}`,
            description: `Concurrent creation ${i} through ${via(i).name}`,
          },
        }),
      ),
    ),
    Promise.all(
      customers.flatMap((c) =>
        [A, B].map((x) =>
          call(x, "POST", "/auth/signin", {
            body: { userId: c.userId, password: CUSTOMER_PASSWORD },
          }),
        ),
      ),
    ),
  ]);
  expectAll(created, 201, "burst creations");
  expectAll(signins, 200, "sign-ins during the burst");
  let loads = await engineerLoads();
  expect(loads.filter((l) => l.stored !== l.counted)).toEqual([]);
  expect(spread(loads), `loads ${loads.map((l) => l.stored).join(",")}`).toBeLessThanOrEqual(1);
  console.log(
    `after 48 creations through A and B: loads ${loads.map((l) => l.stored).join(",")}, equal to COUNT(*)`,
  );

  // Mixed traffic at once, on disjoint tickets so every answer is known: the admin reassigns,
  // engineers change statuses and reply, customers create more, engineers sign in.
  const tickets = created.map((r) => r.json.ticket as { number: number; assignee: string });
  const statuses = ["IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"];
  const reassigned = tickets.slice(0, 10).map((t, k) => {
    const others = engineers.filter((e) => e.userId !== t.assignee);
    return call(via(k), "PATCH", `/tickets/${t.number}`, {
      token: admin.token,
      body: { assignee: others[k % others.length].userId },
    });
  });
  const rest = tickets.slice(10);
  const changed = rest
    .filter((_, k) => k % 2 === 0)
    .map((t, k) =>
      call(via(k), "PATCH", `/tickets/${t.number}`, {
        token: engineerToken(t.assignee),
        body: { status: statuses[k % statuses.length] },
      }),
    );
  const answered = rest.filter((_, k) => k % 2 === 1);
  const staffReplies = answered.map((t, k) =>
    call(via(k + 1), "POST", `/tickets/${t.number}/replies`, {
      token: engineerToken(t.assignee),
      body: { body: `Looking at #${t.number}` },
    }),
  );
  const more = Array.from({ length: 16 }, (_, i) =>
    call(via(i + 1), "POST", "/tickets", {
      token: customers[i % customers.length].token,
      body: { title: `Mixed ${i}`, description: `Created among other changes, ${i}` },
    }),
  );
  const engineerSignins = engineers.flatMap((e) =>
    [A, B].map((x) =>
      call(x, "POST", "/auth/signin", { body: { userId: e.userId, password: ENGINEER_PASSWORD } }),
    ),
  );
  expectAll(await Promise.all(reassigned), 200, "reassignments");
  expectAll(await Promise.all(changed), 200, "status changes");
  expectAll(await Promise.all(staffReplies), 201, "engineer replies");
  expectAll(await Promise.all(more), 201, "creations among the changes");
  expectAll(await Promise.all(engineerSignins), 200, "engineer sign-ins");

  // The customers answer, now that staff have: through the other instance than the staff did.
  const customerReplies = await Promise.all(
    answered.map((t, k) => {
      const reporter = customers[tickets.indexOf(t) % customers.length];
      return call(via(k), "POST", `/tickets/${t.number}/replies`, {
        token: reporter.token,
        body: { body: `Thanks for #${t.number}` },
      });
    }),
  );
  expectAll(customerReplies, 201, "customer replies");

  expect(await countMismatches()).toEqual([]);
  loads = await engineerLoads();
  const operations =
    reassigned.length +
    changed.length +
    staffReplies.length +
    more.length +
    engineerSignins.length +
    customerReplies.length;
  console.log(
    `after ${operations} mixed operations through A and B: loads ${loads.map((l) => l.stored).join(",")}, every one equal to COUNT(*)`,
  );
});

test("live events made through one instance reach listeners on both, each exactly what its user may see", async () => {
  test.setTimeout(180_000);
  const { admin, engineers, customers } = desk;
  const [c0, c1] = customers;
  const [e0, e1] = engineers;
  // Tickets to change, made before anyone listens. e0 (a listener) holds some, others hold the
  // rest; the marker ticket is c0's and e0's, so every listener may hear of it.
  const seeds = await Promise.all(
    Array.from({ length: 8 }, (_, k) =>
      call(via(k), "POST", "/tickets", {
        token: (k % 2 ? c1 : c0).token,
        body: { title: `Live ${k}`, description: `Changed while six streams listen, ${k}` },
      }),
    ),
  );
  expectAll(seeds, 201, "tickets to change");
  const marker = await call(A, "POST", "/tickets", {
    token: c0.token,
    body: { title: "Live marker", description: "Its reply comes after every other change" },
  });
  expect(marker.status).toBe(201);
  const markerNumber = marker.json.ticket.number as number;
  const holders: [number, Account][] = [
    [markerNumber, e0],
    [seeds[0].json.ticket.number, e0],
    [seeds[1].json.ticket.number, e1],
  ];
  for (const [number, engineer] of holders) {
    const r = await call(B, "PATCH", `/tickets/${number}`, {
      token: admin.token,
      body: { assignee: engineer.userId },
    });
    expect(r.status, `reassign #${number}: ${outcome(r)}`).toBe(200);
  }
  const { rows: held } = await db!.query<{ number: number; assignee: string; reporter: string }>(
    `select t.number, a.user_id as assignee, r.user_id as reporter from tickets t
     join users a on a.id = t.assignee_id join users r on r.id = t.reporter_id
     where t.number = any($1::int[])`,
    [seeds.map((s) => s.json.ticket.number)],
  );
  expect(held).toHaveLength(8);

  // Nothing is in flight now: what the listeners must hear is every event after these.
  const baseline = new Set(
    (await db!.query<{ id: number }>("select id from ticket_events")).rows.map((r) => r.id),
  );
  const streams = [A, B].flatMap((instance) => [
    new Listener(`admin on ${instance.name}`, "ADMIN", admin, instance),
    new Listener(`engineer ${e0.userId} on ${instance.name}`, "ENGINEER", e0, instance),
    new Listener(`customer ${c0.userId} on ${instance.name}`, "CUSTOMER", c0, instance),
  ]);
  listeners.push(...streams);
  await Promise.all(streams.map((l) => l.open()));

  // Changes through both instances, one ticket's in order, the tickets at once: a public reply, an
  // internal note, a status change, a priority change, the reporter's answer; and new tickets.
  const customerOf = (userId: string) => customers.find((c) => c.userId === userId)!;
  const answers: Answer[] = [];
  const chains = held.map(async (t, k) => {
    const staff = engineerToken(t.assignee);
    const steps: [Instance, string, string, string, unknown, number][] = [
      [via(k), "POST", "/replies", staff, { body: `On it (#${t.number})` }, 201],
      [
        via(k + 1),
        "POST",
        "/replies",
        staff,
        { body: "Internal: check logs", internal: true },
        201,
      ],
      [via(k), "PATCH", "", staff, { status: "IN_PROGRESS" }, 200],
      [via(k + 1), "PATCH", "", admin.token, { ticketPriority: 2 }, 200],
      [via(k), "POST", "/replies", customerOf(t.reporter).token, { body: "Thank you" }, 201],
    ];
    for (const [instance, method, tail, token, body, status] of steps) {
      const r = await call(instance, method, `/tickets/${t.number}${tail}`, { token, body });
      expect(r.status, `${method} #${t.number}${tail} on ${instance.name}: ${outcome(r)}`).toBe(
        status,
      );
      answers.push(r);
    }
  });
  const fresh = Array.from({ length: 4 }, (_, k) =>
    call(via(k + 1), "POST", "/tickets", {
      token: (k % 2 ? c1 : c0).token,
      body: { title: `Live new ${k}`, description: `Created while streams listen, ${k}` },
    }),
  );
  await Promise.all(chains);
  expectAll(await Promise.all(fresh), 201, "creations while listening");

  // Last, after every other change has committed, a change every listener may hear: the feed
  // hands events out in order, so a stream that has it has had its chance at everything before.
  const last = await call(B, "POST", `/tickets/${markerNumber}/replies`, {
    token: admin.token,
    body: { body: "Marker reply" },
  });
  expect(last.status).toBe(201);
  for (const l of streams)
    await expect
      .poll(() => l.heard.some((h) => h.ticket === markerNumber) || l.ended, {
        message: `${l.label} hears the marker`,
        timeout: 60_000,
      })
      .toBe(true);

  const { rows } = await db!.query<EventRow>(
    `select e.id, e.ticket_number as ticket, e.type, e.internal, e.old_value as "oldValue",
       t.reporter_id as "reporterId", t.assignee_id as "assigneeId", t.status
     from ticket_events e join tickets t on t.number = e.ticket_number order by e.id`,
  );
  const newEvents = rows.filter((e) => !baseline.has(e.id));
  const byId = new Map(newEvents.map((e) => [e.id, e]));
  for (const l of streams) {
    expect(l.ended, `${l.label}: the stream stays open`).toBeUndefined();
    expect(l.resets, `${l.label}: no reset`).toBe(0);
    const heard = l.heard.map((h) => h.id);
    expect(new Set(heard).size, `${l.label}: no event twice`).toBe(heard.length);
    const expected = newEvents.filter((e) => mayHear(l, e)).map((e) => e.id);
    expect(
      [...heard].sort((x, y) => x - y),
      `${l.label}: every event it may see, no other`,
    ).toEqual(expected);
    for (const h of l.heard) {
      expect(h.ticket).toBe(byId.get(h.id)!.ticket);
      expect(h.type).toBe(byId.get(h.id)!.type);
    }
    figures.eventsChecked += newEvents.length;
  }
  // The check had something to catch: internal events on the customer's own tickets, and events
  // the engineer may not see.
  const c0Internal = newEvents.filter((e) => e.reporterId === c0.dbId && e.internal).length;
  const e0Count = newEvents.filter((e) => mayHear(streams[1], e)).length;
  expect(c0Internal).toBeGreaterThan(0);
  expect(e0Count).toBeLessThan(newEvents.length);
  console.log(
    `live: ${answers.length + fresh.length + 1} changes made, ${newEvents.length} events; each of 6 listeners ` +
      `(3 on A, 3 on B) heard exactly its own: admin ${newEvents.length}, engineer ${e0Count}, ` +
      `customer ${newEvents.filter((e) => mayHear(streams[2], e)).length} (${c0Internal} internal ones on their tickets withheld)`,
  );
  for (const l of streams) l.close();
});

test("with both workers running, every email is sent exactly once", async () => {
  test.setTimeout(180_000);
  const created = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      call(via(i), "POST", "/tickets", {
        token: desk.customers[i % desk.customers.length].token,
        body: { title: `Mail ${i}`, description: `Emails the reporter, assignee and admins, ${i}` },
      }),
    ),
  );
  expectAll(created, 201, "creations");
  const rows = await outboxSettled(90_000);
  const expected = tally(rows.map((r) => mailKey(JSON.parse(r.recipients) as string[], r.subject)));
  const got = tally(deliveries.map((d) => mailKey(d.to, d.subject)));
  // Every row is SENT, so each arrived at least once: equal counts mean none arrived twice.
  const differences = [...new Set([...expected.keys(), ...got.keys()])]
    .filter((k) => expected.get(k) !== got.get(k))
    .map((k) => `${k}: ${expected.get(k) ?? 0} rows, ${got.get(k) ?? 0} received`);
  expect(differences).toEqual([]);
  expect(deliveries).toHaveLength(rows.length);
  const byA = deliveries.filter((d) => d.from === "a@multi.test").length;
  const byB = deliveries.filter((d) => d.from === "b@multi.test").length;
  // Both workers took part, or this proved nothing about two of them.
  expect(byA, "emails sent by A's worker").toBeGreaterThan(0);
  expect(byB, "emails sent by B's worker").toBeGreaterThan(0);
  figures.emailsChecked += rows.length;
  console.log(
    `email: ${rows.length} outbox rows, all SENT, each received once (${byA} by A's worker, ${byB} by B's)`,
  );
});

test("a sign-in lockout spent on one instance holds on the other", async () => {
  const userId = "mi-locked";
  const signup = await call(B, "POST", "/auth/signup", {
    body: {
      userId,
      name: "Locked Out",
      email: `${userId}@multi.test`,
      password: CUSTOMER_PASSWORD,
    },
  });
  expect(signup.status).toBe(201);
  // SIGNIN_MAX_FAILURES_PER_ACCOUNT is 5 by default.
  for (let i = 0; i < 5; i++) {
    const r = await call(A, "POST", "/auth/signin", { body: { userId, password: "Wrong#2026x" } });
    expect(r.status, `failure ${i + 1} on A`).toBe(401);
  }
  const wrongOnB = await call(B, "POST", "/auth/signin", {
    body: { userId, password: "Wrong#2026x" },
  });
  expect(wrongOnB.status, `the next failure, on B: ${outcome(wrongOnB)}`).toBe(429);
  expect(Number(wrongOnB.headers.get("retry-after"))).toBeGreaterThan(0);
  // Locked out means the right password too, on either instance.
  const rightOnB = await call(B, "POST", "/auth/signin", {
    body: { userId, password: CUSTOMER_PASSWORD },
  });
  expect(rightOnB.status, "the right password, on B").toBe(429);
});

test("kill -9 of one instance under load: every 201 is kept, the other keeps answering, counts stay exact", async () => {
  test.setTimeout(240_000);
  const { customers, admin } = desk;
  type Result = { via: string; status: number; number?: number; title: string; afterKill: boolean };
  const results: Result[] = [];
  let killed = false;
  const successesOnBAfterKill = () =>
    results.filter((r) => r.afterKill && r.via === "B" && r.status === 201).length;
  // Four lanes alternate between the instances until B has made 24 tickets after the kill
  // (bounded: at most 150 creations a lane).
  const lane = async (n: number) => {
    for (let i = 0; i < 150 && successesOnBAfterKill() < 24; i++) {
      const target = killed ? B : via(n + i);
      const title = `Kill lane ${n} #${i}`;
      const afterKill = killed;
      try {
        const r = await call(target, "POST", "/tickets", {
          token: customers[n % customers.length].token,
          body: { title, description: `Created under load through ${target.name}` },
        });
        results.push({
          via: target.name,
          status: r.status,
          number: r.json?.ticket?.number,
          title,
          afterKill,
        });
      } catch {
        // The connection died with the instance: the outcome is unknown (committed or not).
        results.push({ via: target.name, status: 0, title, afterKill });
      }
    }
  };
  const lanes = Promise.all([0, 1, 2, 3].map(lane));
  await expect
    .poll(() => results.filter((r) => r.status === 201).length, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(16);
  const exited = new Promise((resolve) => A.child.once("exit", resolve));
  A.child.kill("SIGKILL");
  killed = true;
  await exited;
  await lanes;

  const before = results.filter((r) => !r.afterKill);
  expect(before.filter((r) => r.via === "A" && r.status === 201).length).toBeGreaterThan(0);
  expect(before.filter((r) => r.via === "B" && r.status === 201).length).toBeGreaterThan(0);
  // Only requests A had when it died may have no answer; B answered every one of its own.
  const unanswered = results.filter((r) => r.status === 0);
  expect(unanswered.filter((r) => r.via === "B")).toEqual([]);
  expect(results.filter((r) => r.status !== 0 && r.status !== 201).map((r) => r.status)).toEqual(
    [],
  );
  expect(successesOnBAfterKill()).toBeGreaterThanOrEqual(24);

  // Every creation that was answered 201 exists, with its own title.
  const ok = results.filter((r) => r.status === 201);
  const { rows } = await db!.query<{ number: number; title: string }>(
    "select number, title from tickets where number = any($1::int[])",
    [ok.map((r) => r.number)],
  );
  const stored = new Map(rows.map((r) => [r.number, r.title]));
  expect(ok.filter((r) => stored.get(r.number!) !== r.title).map((r) => r.title)).toEqual([]);
  const { rows: landed } = await db!.query<{ title: string }>(
    "select title from tickets where title = any($1::text[])",
    [unanswered.map((r) => r.title)],
  );

  // B goes on: health, a list, a creation; and the counts are still exact.
  expect((await call(B, "GET", "/health")).status).toBe(200);
  expect((await call(B, "GET", "/tickets?limit=5", { token: admin.token })).status).toBe(200);
  const after = await call(B, "POST", "/tickets", {
    token: customers[0].token,
    body: { title: "After the kill", description: "B alone" },
  });
  expect(after.status).toBe(201);
  expect(await countMismatches()).toEqual([]);

  // What A's worker held comes back to B's once its lease runs out: every email ends SENT.
  const outboxRows = await outboxSettled(120_000);
  console.log(
    `kill -9: ${results.length} creations tried (${before.length} before the kill), ${ok.length} answered 201, all stored; ` +
      `${unanswered.length} cut off by the kill (${landed.length} of them committed); ` +
      `B made ${successesOnBAfterKill()} after it; counts exact; ${outboxRows.length} emails all SENT by B (${deliveries.length} deliveries in all)`,
  );
});
