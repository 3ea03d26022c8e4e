/**
 * Builds a benchmark database with a realistic spread: ~50 engineers, thousands of customers,
 * tickets over two years (mostly closed, some active, a small unassigned pool), free text drawn
 * from a skewed vocabulary; resolutions, closures and first staff replies (each a stored reply)
 * after log-normal waits of hours to weeks, never later than the build's "now". Triggers are
 * paused during the bulk load; then the FTS indexes are rebuilt and working counts recomputed,
 * exactly as triggers would have left them.
 */
import { existsSync, rmSync } from "node:fs";
import { openDatabase } from "@/db/client";
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

export type BenchDb = { file: string; engineers: string[]; customers: string[]; tickets: number };

export async function buildBenchDatabase(
  file: string,
  ticketCount: number,
  log = console.log,
): Promise<BenchDb> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f);
  const db = openDatabase(file).$client;
  const rand = mulberry32(ticketCount);
  const hash = await hashPassword(BENCH_PASSWORD);
  const started = Date.now();

  const triggers = db
    .prepare("select name, sql from sqlite_master where type = 'trigger'")
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);

  const engineerCount = 50;
  const customerCount = Math.max(200, Math.min(20_000, Math.round(ticketCount / 50)));
  const insertUser = db.prepare(
    `insert into users (user_id, name, email, password_hash, user_type, user_status, company, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'APPROVED', ?, ?, ?)`,
  );
  const now = Date.now();
  const twoYears = 2 * 365 * 86_400_000;
  db.transaction(() => {
    insertUser.run(
      "admin",
      "Bench Admin",
      "admin@bench.test",
      hash,
      "ADMIN",
      null,
      now - twoYears,
      now - twoYears,
    );
    for (let i = 0; i < engineerCount; i++) {
      insertUser.run(
        `eng${i}`,
        `Engineer ${i}`,
        `eng${i}@bench.test`,
        hash,
        "ENGINEER",
        null,
        now - twoYears,
        now - twoYears,
      );
    }
    for (let i = 0; i < customerCount; i++) {
      insertUser.run(
        `cust${i}`,
        `Customer ${i}`,
        `cust${i}@bench.test`,
        hash,
        "CUSTOMER",
        `Company ${i % 500}`,
        now - twoYears,
        now - twoYears,
      );
    }
  })();
  const firstEngineerId = 2;
  const firstCustomerId = 2 + engineerCount;

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

  const chunk = 50_000;
  for (let start = 1; start <= ticketCount; start += chunk) {
    db.transaction(() => {
      for (let n = start; n < Math.min(start + chunk, ticketCount + 1); n++) {
        const created = now - twoYears + Math.floor((twoYears * n) / (ticketCount + 1));
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
          active && rand() < 0.01 ? null : firstEngineerId + Math.floor(rand() * engineerCount);
        const reporter = firstCustomerId + Math.floor(rand() * customerCount);
        const resolved = status === "RESOLVED" || status === "CLOSED" ? resolvedAt : null;
        const closed = status === "CLOSED" ? closedAt : null;
        // Most tickets an engineer holds get a public reply, usually within hours (and before
        // the resolution); the rest are still waiting or were fixed without a word.
        const replyAt = Math.min(created + logNormal(rand, 2 * HOUR, 1.1), resolved ?? Infinity);
        const hasReply = assignee !== null && status !== "OPEN" && rand() < 0.6 && replyAt < now;
        insertTicket.run(
          n,
          `t${created.toString(36)}${n.toString(36)}`,
          sentence(rand, 4 + Math.floor(rand() * 5)),
          sentence(rand, 20 + Math.floor(rand() * 40)),
          1 + Math.floor(rand() ** 0.6 * 4),
          status,
          reporter,
          assignee,
          created,
          closed ?? resolved ?? created + 60_000,
          assignee && status !== "OPEN" ? created + 600_000 : null,
          resolved,
          closed,
          hasReply ? replyAt : null,
        );
        insertEvent.run(n, reporter, created);
        if (hasReply)
          insertReply.run(n, assignee, sentence(rand, 10 + Math.floor(rand() * 20)), 0, replyAt);
      }
    })();
    if ((start - 1) % 200_000 === 0 && start > 1) log(`  ${start - 1} tickets…`);
  }

  log("  rebuilding search indexes and working counts…");
  db.exec(`insert into ticket_search(rowid, reporter, title, description, replies, notes)
    select t.number, 'r' || t.reporter_id, t.title, t.description,
      coalesce((select group_concat(body, char(10)) from ticket_replies r where r.ticket_number = t.number and r.internal = 0), ''),
      coalesce((select group_concat(body, char(10)) from ticket_replies r where r.ticket_number = t.number and r.internal = 1), '')
    from tickets t`);
  db.exec(`update users set
    working_count = (select count(*) from tickets t where t.assignee_id = users.id and t.status in ('OPEN','IN_PROGRESS')),
    last_assigned_at = (select max(created_at) from tickets t where t.assignee_id = users.id)`);
  for (const t of triggers) db.exec(t.sql);
  db.exec("analyze");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  log(
    `  built ${ticketCount.toLocaleString("en")} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    file,
    tickets: ticketCount,
    engineers: Array.from({ length: engineerCount }, (_, i) => `eng${i}`),
    customers: Array.from({ length: customerCount }, (_, i) => `cust${i}`),
  };
}
