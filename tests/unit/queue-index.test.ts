/**
 * An engineer's queue (their active tickets, working before blocked, then by priority, oldest
 * first) is read from tickets_queue_idx in that order on both engines, not found by sorting every
 * active ticket they hold: at ten million tickets an engineer holds thousands, and the sort was
 * what made the queue grow with the table (issue 14). The order itself is tested in
 * tests/api/tickets-list-paging.test.ts; this checks the plan of the very statement listTickets
 * runs, so a change to the query or to the index that stops them matching fails here.
 */
import type { Logger } from "drizzle-orm";
import type Database from "better-sqlite3";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listTickets } from "@/lib/tickets/list-tickets";
import { listTicketsQuery } from "@/lib/validation/tickets";
import { assignDirectly, person, raise, setTicket } from "../ticket-kit";
import { TEST_ENGINE } from "../test-database";

type Statement = { sql: string; params: unknown[] };

/** The statements Drizzle runs while `fn` does (its session's logger, swapped for the call). */
async function statementsOf(fn: () => Promise<unknown>): Promise<Statement[]> {
  const session = (getDb() as unknown as { session: { logger: Logger } }).session;
  const previous = session.logger;
  const seen: Statement[] = [];
  session.logger = { logQuery: (sql, params) => void seen.push({ sql, params }) };
  try {
    await fn();
  } finally {
    session.logger = previous;
  }
  return seen;
}

/** Drizzle's driver client under the database: better-sqlite3's connection or pg's pool. */
const driver = <T>() => (getDb() as unknown as { $client: T }).$client;

/** The engine's plan of a statement, one line per step. */
async function planOf({ sql, params }: Statement): Promise<string> {
  if (TEST_ENGINE === "sqlite") {
    const sqlite = driver<Database.Database>();
    const steps = sqlite.prepare(`explain query plan ${sql}`).all(...params) as {
      detail: string;
    }[];
    return steps.map((s) => s.detail).join("\n");
  }
  // A test table holds a few rows, where a sequential scan and a sort cost nothing: forbidding
  // them asks whether the index can serve the query at all, which is what a big table needs.
  const client = await driver<pg.Pool>().connect();
  try {
    await client.query("begin");
    await client.query("set local enable_seqscan = off");
    await client.query("set local enable_bitmapscan = off");
    await client.query("set local enable_sort = off");
    const result = await client.query<{ "QUERY PLAN": string }>(`explain ${sql}`, params);
    return result.rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await client.query("rollback");
    client.release();
  }
}

describe("an engineer's queue", () => {
  it("is read from tickets_queue_idx in queue order, with no sort of their tickets", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const states = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"];
    for (let i = 0; i < 10; i++) {
      const number = await raise(customer);
      await assignDirectly(number, engineer);
      await setTicket(number, { status: states[i % states.length], ticket_priority: 1 + (i % 4) });
    }
    const query = listTicketsQuery.parse({
      assignee: engineer.user.userId,
      active: "true",
      sort: "queue",
    });
    let page: Awaited<ReturnType<typeof listTickets>> | undefined;
    const statements = await statementsOf(async () => {
      page = await listTickets(engineer.actor, query);
    });
    // The six active ones, so the statement checked is the one that answered.
    expect(page?.data).toHaveLength(6);
    const queue = statements.filter((s) => /order by/i.test(s.sql) && /case when/i.test(s.sql));
    expect(queue).toHaveLength(1);
    const plan = await planOf(queue[0]);
    expect(plan).toContain("tickets_queue_idx");
    if (TEST_ENGINE === "sqlite") expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    else expect(plan).not.toMatch(/Sort Key: \(CASE/i);
  });
});
