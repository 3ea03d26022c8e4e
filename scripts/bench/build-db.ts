/**
 * Builds a benchmark database with a realistic spread: ~50 engineers, thousands of customers,
 * tickets over two years (mostly closed, some active, a small unassigned pool), free text drawn
 * from a skewed vocabulary; resolutions, closures and first staff replies (each a stored reply)
 * after log-normal waits of hours to weeks, never later than the build's "now". The same rows go
 * into SQLite or PostgreSQL. Triggers are paused during the bulk load; then the search documents
 * are rebuilt and working counts recomputed, exactly as triggers would have left them.
 */
import { existsSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { closeDatabase, limitsFile, openDatabase } from "@/db/client";
import { REBUILD_ROLLUPS_SQL } from "@/db/rollups";
import { hashPassword } from "@/lib/auth/password";

export const BENCH_PASSWORD = "Bench#2026pass";

const WORDS = (
  "printer invoice login password email outlook vpn laptop screen keyboard mouse battery charger network wifi " +
  "router server database backup restore sync upload download report export import dashboard chart billing " +
  "payment refund order shipping delivery tracking account profile settings permission access token session " +
  "error crash freeze slow timeout latency broken missing blank empty duplicate wrong invalid failed denied " +
  "update upgrade install license activation calendar meeting invite attachment pdf spreadsheet document " +
  "phone headset camera microphone audio video call chat message notification alert warning security virus " +
  "firewall proxy certificate domain dns website page link button form field search filter sort page mobile " +
  "android iphone tablet app browser chrome firefox safari cache cookie storage disk quota memory cpu"
).split(" ");

/** A skewed pick: early words are common, late ones rare (roughly Zipf). */
function word(rand: () => number) {
  return WORDS[Math.floor(WORDS.length * rand() ** 2.2)];
}

function sentence(rand: () => number, n: number) {
  return Array.from({ length: n }, () => word(rand)).join(" ");
}

const HOUR = 3_600_000;

/** A log-normal wait in ms with the given median and spread (sigma of the log), capped at 90 days. */
function logNormal(rand: () => number, medianMs: number, sigma: number) {
  const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.min(Math.round(medianMs * Math.exp(sigma * normal)), 90 * 24 * HOUR);
}

export function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type BenchDb = {
  /** The DATABASE_URL the server is started with: a SQLite file or a postgres:// URL. */
  url: string;
  engineers: string[];
  customers: string[];
  tickets: number;
};

type UserRow = [userId: string, name: string, email: string, type: string, company: string | null];
type TicketRow = {
  number: number;
  id: string;
  title: string;
  description: string;
  priority: number;
  status: string;
  reporter: number;
  assignee: number | null;
  created: number;
  updated: number;
  accepted: number | null;
  resolved: number | null;
  closed: number | null;
  firstReply: number | null;
  reply: string | null;
};

const ENGINEERS = 50;
const TWO_YEARS = 2 * 365 * 86_400_000;

/**
 * The accounts: one admin, 50 engineers, customers in proportion to the tickets (about 50 each at
 * every size, so a customer's own list and search measure the same work at 10k and at 10M).
 */
function benchUsers(ticketCount: number): UserRow[] {
  const customerCount = Math.max(200, Math.round(ticketCount / 50));
  return [
    ["admin", "Bench Admin", "admin@bench.test", "ADMIN", null],
    ...Array.from({ length: ENGINEERS }, (_, i): UserRow => [
      `eng${i}`,
      `Engineer ${i}`,
      `eng${i}@bench.test`,
      "ENGINEER",
      null,
    ]),
    ...Array.from({ length: customerCount }, (_, i): UserRow => [
      `cust${i}`,
      `Customer ${i}`,
      `cust${i}@bench.test`,
      "CUSTOMER",
      `Company ${i % 500}`,
    ]),
  ];
}

/** The tickets in chunks, numbered from 1, the same for a given size on either engine. */
function* benchTickets(ticketCount: number, customerCount: number, now: number, chunk = 50_000) {
  const rand = mulberry32(ticketCount);
  const firstEngineerId = 2;
  const firstCustomerId = 2 + ENGINEERS;
  for (let start = 1; start <= ticketCount; start += chunk) {
    const rows: TicketRow[] = [];
    for (let n = start; n < Math.min(start + chunk, ticketCount + 1); n++) {
      const created = now - TWO_YEARS + Math.floor((TWO_YEARS * n) / (ticketCount + 1));
      // Recent tickets are more often still active.
      const age = 1 - n / ticketCount;
      const r = rand();
      const planned =
        age < 0.02
          ? r < 0.3
            ? "OPEN"
            : r < 0.6
              ? "IN_PROGRESS"
              : r < 0.75
                ? "BLOCKED"
                : r < 0.9
                  ? "RESOLVED"
                  : "CLOSED"
          : r < 0.03
            ? "OPEN"
            : r < 0.06
              ? "IN_PROGRESS"
              : r < 0.08
                ? "BLOCKED"
                : r < 0.2
                  ? "RESOLVED"
                  : "CLOSED";
      // Waits are log-normal, as at real help desks: mostly hours, a few weeks. A resolution or
      // closure that would land after "now" hasn't happened yet, so the ticket is still short of it.
      const resolvedAt = created + logNormal(rand, 20 * HOUR, 1.3);
      const closedAt = resolvedAt + logNormal(rand, 30 * HOUR, 0.8);
      const status =
        planned !== "RESOLVED" && planned !== "CLOSED"
          ? planned
          : resolvedAt >= now
            ? "IN_PROGRESS"
            : planned === "CLOSED" && closedAt >= now
              ? "RESOLVED"
              : planned;
      const active = status === "OPEN" || status === "IN_PROGRESS" || status === "BLOCKED";
      const assignee =
        active && rand() < 0.01 ? null : firstEngineerId + Math.floor(rand() * ENGINEERS);
      const reporter = firstCustomerId + Math.floor(rand() * customerCount);
      const resolved = status === "RESOLVED" || status === "CLOSED" ? resolvedAt : null;
      const closed = status === "CLOSED" ? closedAt : null;
      // Most tickets an engineer holds get a public reply, usually within hours (and before
      // the resolution); the rest are still waiting or were fixed without a word.
      const replyAt = Math.min(created + logNormal(rand, 2 * HOUR, 1.1), resolved ?? Infinity);
      const hasReply = assignee !== null && status !== "OPEN" && rand() < 0.6 && replyAt < now;
      const title = sentence(rand, 4 + Math.floor(rand() * 5));
      const description = sentence(rand, 20 + Math.floor(rand() * 40));
      const priority = 1 + Math.floor(rand() ** 0.6 * 4);
      rows.push({
        number: n,
        id: `t${created.toString(36)}${n.toString(36)}`,
        title,
        description,
        priority,
        status,
        reporter,
        assignee,
        created,
        updated: closed ?? resolved ?? created + 60_000,
        accepted: assignee && status !== "OPEN" ? created + 600_000 : null,
        resolved,
        closed,
        firstReply: hasReply ? replyAt : null,
        reply: hasReply ? sentence(rand, 10 + Math.floor(rand() * 20)) : null,
      });
    }
    yield rows;
  }
}

/**
 * Builds a bench database of `ticketCount` tickets at `url` (a SQLite file, replaced, or an empty
 * PostgreSQL database, emptied first) and returns what the bench needs to know about it.
 */
export async function buildBenchDatabase(
  url: string,
  ticketCount: number,
  log = console.log,
): Promise<BenchDb> {
  const started = Date.now();
  const hash = await hashPassword(BENCH_PASSWORD);
  const people = benchUsers(ticketCount);
  const now = Date.now();
  if (url.startsWith("postgres")) await buildPostgres(url, people, ticketCount, hash, now, log);
  else await buildSqlite(url, people, ticketCount, hash, now, log);
  log(
    `  built ${ticketCount.toLocaleString("en")} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return benchDatabaseAt(url, ticketCount);
}

/** What buildBenchDatabase returned for the database of `ticketCount` tickets built at `url`. */
export function benchDatabaseAt(url: string, ticketCount: number): BenchDb {
  const customerCount = benchUsers(ticketCount).length - 1 - ENGINEERS;
  return {
    url,
    tickets: ticketCount,
    engineers: Array.from({ length: ENGINEERS }, (_, i) => `eng${i}`),
    customers: Array.from({ length: customerCount }, (_, i) => `cust${i}`),
  };
}

async function buildSqlite(
  file: string,
  people: UserRow[],
  ticketCount: number,
  hash: string,
  now: number,
  log: (line: string) => void,
) {
  // The rate-limit file beside it too: a rebuilt database starts with fresh counters.
  const limits = limitsFile(file);
  for (const f of [file, limits].flatMap((f) => [f, `${f}-wal`, `${f}-shm`])) {
    if (existsSync(f)) rmSync(f);
  }
  await closeDatabase(await openDatabase(file)); // creates and migrates it
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const triggers = db
    .prepare("select name, sql from sqlite_master where type = 'trigger'")
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);

  const insertUser = db.prepare(
    `insert into users (user_id, name, email, password_hash, user_type, user_status, company, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'APPROVED', ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const [userId, name, email, type, company] of people) {
      insertUser.run(userId, name, email, hash, type, company, now - TWO_YEARS, now - TWO_YEARS);
    }
  })();
  const insertTicket = db.prepare(
    `insert into tickets (number, id, title, description, ticket_priority, status, reporter_id, assignee_id,
       created_at, updated_at, accepted_at, resolved_at, closed_at, first_staff_reply_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertReply = db.prepare(
    "insert into ticket_replies (ticket_number, author_id, body, internal, created_at) values (?, ?, ?, ?, ?)",
  );
  const insertEvent = db.prepare(
    "insert into ticket_events (ticket_number, actor_id, type, created_at) values (?, ?, 'created', ?)",
  );
  for (const rows of benchTickets(ticketCount, people.length - 1 - ENGINEERS, now)) {
    db.transaction(() => {
      for (const t of rows) {
        insertTicket.run(
          t.number,
          t.id,
          t.title,
          t.description,
          t.priority,
          t.status,
          t.reporter,
          t.assignee,
          t.created,
          t.updated,
          t.accepted,
          t.resolved,
          t.closed,
          t.firstReply,
        );
        insertEvent.run(t.number, t.reporter, t.created);
        if (t.reply) insertReply.run(t.number, t.assignee, t.reply, 0, t.firstReply);
      }
    })();
    const done = rows[rows.length - 1].number;
    if (done % 200_000 === 0) log(`  ${done} tickets…`);
  }

  log("  rebuilding search indexes, working counts and the overview's rollups…");
  db.exec(`insert into ticket_search(rowid, reporter, title, description, replies, notes)
    select t.number, 'r' || t.reporter_id, t.title, t.description,
      coalesce((select group_concat(body, char(10)) from ticket_replies r where r.ticket_number = t.number and r.internal = 0), ''),
      coalesce((select group_concat(body, char(10)) from ticket_replies r where r.ticket_number = t.number and r.internal = 1), '')
    from tickets t`);
  db.exec(`update users set
    working_count = (select count(*) from tickets t where t.assignee_id = users.id and t.status in ('OPEN','IN_PROGRESS')),
    last_assigned_at = (select max(created_at) from tickets t where t.assignee_id = users.id)`);
  db.transaction(() => {
    for (const statement of REBUILD_ROLLUPS_SQL) db.exec(statement);
  })();
  for (const t of triggers) db.exec(t.sql);
  db.exec("analyze");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

/** Rows as parallel arrays for `insert … select * from unnest(…)`: one round trip per chunk. */
function columns<T>(rows: T[], pick: ((row: T) => unknown)[]) {
  return pick.map((f) => rows.map(f));
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

async function buildPostgres(
  url: string,
  people: UserRow[],
  ticketCount: number,
  hash: string,
  now: number,
  log: (line: string) => void,
) {
  await closeDatabase(await openDatabase(url)); // migrates it
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `truncate users, tickets, ticket_replies, ticket_events, ticket_search restart identity cascade`,
    );
    // Triggers off for the load (working counts and search documents are computed once below).
    await client.query("set session_replication_role = replica");
    const at = date(now - TWO_YEARS);
    await client.query(
      `insert into users (user_id, name, email, password_hash, user_type, user_status, company, created_at, updated_at)
       select u, n, e, $4, t, 'APPROVED', c, $5, $5
       from unnest($1::text[], $2::text[], $3::text[], $6::text[], $7::text[]) as x(u, n, e, t, c)`,
      [
        people.map((p) => p[0]),
        people.map((p) => p[1]),
        people.map((p) => p[2]),
        hash,
        at,
        people.map((p) => p[3]),
        people.map((p) => p[4]),
      ],
    );
    for (const rows of benchTickets(ticketCount, people.length - 1 - ENGINEERS, now, 20_000)) {
      await client.query("begin");
      await client.query(
        `insert into tickets (number, id, title, description, ticket_priority, status, reporter_id, assignee_id,
           created_at, updated_at, accepted_at, resolved_at, closed_at, first_staff_reply_at)
         select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[],
           $8::int[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[],
           $13::timestamptz[], $14::timestamptz[])`,
        columns(rows, [
          (t) => t.number,
          (t) => t.id,
          (t) => t.title,
          (t) => t.description,
          (t) => t.priority,
          (t) => t.status,
          (t) => t.reporter,
          (t) => t.assignee,
          (t) => date(t.created),
          (t) => date(t.updated),
          (t) => date(t.accepted),
          (t) => date(t.resolved),
          (t) => date(t.closed),
          (t) => date(t.firstReply),
        ]),
      );
      await client.query(
        `insert into ticket_events (ticket_number, actor_id, type, created_at)
         select n, a, 'created', c from unnest($1::int[], $2::int[], $3::timestamptz[]) as x(n, a, c)`,
        columns(rows, [(t) => t.number, (t) => t.reporter, (t) => date(t.created)]),
      );
      const replied = rows.filter((t) => t.reply);
      await client.query(
        `insert into ticket_replies (ticket_number, author_id, body, internal, created_at)
         select n, a, b, false, c from unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[]) as x(n, a, b, c)`,
        columns(replied, [
          (t) => t.number,
          (t) => t.assignee,
          (t) => t.reply,
          (t) => date(t.firstReply),
        ]),
      );
      await client.query("commit");
      const done = rows[rows.length - 1].number;
      if (done % 200_000 === 0) log(`  ${done} tickets…`);
    }
    await client.query("set session_replication_role = origin");
    log("  rebuilding search documents, working counts and the overview's rollups…");
    await client.query("begin");
    for (const statement of REBUILD_ROLLUPS_SQL) await client.query(statement);
    await client.query("commit");
    // What the triggers would have kept (db/postgres/migrations/0001_triggers_and_search.sql).
    await client.query("select ticket_search_refresh(number) from tickets");
    await client.query(
      `update users u set working_count = c.working, last_assigned_at = c.last
       from (select assignee_id,
               count(*) filter (where status in ('OPEN', 'IN_PROGRESS')) as working,
               max(created_at) as last
             from tickets where assignee_id is not null group by assignee_id) c
       where c.assignee_id = u.id`,
    );
    await client.query(
      "select setval(pg_get_serial_sequence('tickets', 'number'), (select max(number) from tickets))",
    );
    await client.query("vacuum analyze");
  } finally {
    await client.end();
  }
}
