/**
 * One fresh PostgreSQL database per test (tests/setup.ts, docs/testing.md#postgresql): cloned
 * from the migrated template that tests/postgres/global-setup.ts made, a few ahead of time in the
 * background so a test rarely waits for its clone, and dropped once it is done with.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeDatabase, openDatabase, type Db } from "@/db/client";

export const TEMPLATE_DATABASE = "caseline_template";
/** Databases each test file's worker clones ahead of its tests. */
export const DATABASES_AHEAD = 2;
/**
 * Admin connections per test file's worker. One: two clones at once from one worker measured
 * slower than one after the other (they contend for the same WAL and cores).
 */
export const ADMIN_CONNECTIONS = 1;
/** How long a finished test's pool may take to close before its connections are cut. */
const CLOSE_GRACE_MS = 2000;

export type TestDatabase = { name: string; url: string; db: Db };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Waits until no backend serves `database`: a pool's end() resolves before the server has seen
 * its connections go, and CREATE or DROP DATABASE wait (in 100 ms steps) or fail while any is
 * left. True when none is left within the timeout.
 */
export async function waitUntilUnused(
  admin: Pick<pg.ClientBase, "query">,
  database: string,
  timeoutMs = 5000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1",
      [database],
    );
    if (rows[0].n === 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(5);
  }
}

export class TestDatabases {
  /** CREATE and DROP DATABASE, one at a time (a pool queues them, pg 8 deprecates a client's). */
  private admin: pg.Pool | undefined;
  private ahead: Promise<TestDatabase>[] = [];
  private retiring = new Set<Promise<void>>();
  private errors: unknown[] = [];
  private count = 0;
  /** Unique across workers and across test files of one worker process. */
  private readonly prefix = `caseline_test_${process.pid}_${randomBytes(3).toString("hex")}`;

  constructor(
    private readonly templateUrl: string,
    /** Runs background work outside any test's async context (see tests/setup.ts). */
    private readonly outsideTests: <T>(fn: () => T) => T = (fn) => fn(),
  ) {
    // Clone while vitest still imports and collects the test file.
    this.refill();
  }

  private url(database: string) {
    const url = new URL(this.templateUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  private query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
    if (!this.admin) {
      this.admin = new pg.Pool({ connectionString: this.url("postgres"), max: ADMIN_CONNECTIONS });
      // Without a listener a lost idle connection would crash the worker; the next query reports it.
      this.admin.on("error", () => {});
    }
    return this.admin.query<R>(text, values);
  }

  private readonly queries = { query: this.query.bind(this) } as Pick<pg.Client, "query">;

  private async clone(): Promise<TestDatabase> {
    const name = `${this.prefix}_${++this.count}`;
    // WAL_LOG (PostgreSQL 15's default) copies the small template block by block through the
    // WAL; FILE_COPY forces two checkpoints per clone and measured 1.5-4x slower here.
    await this.query(`create database "${name}" template ${TEMPLATE_DATABASE} strategy wal_log`);
    const url = this.url(name);
    return { name, url, db: await openDatabase(url) };
  }

  private refill() {
    while (this.ahead.length < DATABASES_AHEAD) {
      const next = this.outsideTests(() => this.clone());
      // Reported to the test that takes it; until then, not an unhandled rejection.
      next.catch(() => {});
      this.ahead.push(next);
    }
  }

  /** A fresh, migrated database of its own for one test. */
  async take(): Promise<TestDatabase> {
    this.refill();
    const next = this.ahead.shift()!;
    this.refill();
    return next;
  }

  /**
   * Closes a test's database and drops it, in the background. A test that timed out may still
   * hold connections: after a grace period DROP ... WITH (FORCE) cuts them (their queries fail;
   * nothing they do can reach another test's database).
   */
  retire(database: TestDatabase) {
    const work = this.outsideTests(async () => {
      const closed = closeDatabase(database.db).catch(() => {});
      await Promise.race([closed, sleep(CLOSE_GRACE_MS)]);
      await waitUntilUnused(this.queries, database.name, CLOSE_GRACE_MS);
      await this.query(`drop database if exists "${database.name}" with (force)`);
    }).catch((error) => {
      this.errors.push(error);
    });
    this.retiring.add(work);
    void work.finally(() => this.retiring.delete(work));
  }

  /** End of a test file: drops what is left and reports a drop that failed. */
  async close() {
    const ahead = this.ahead;
    this.ahead = [];
    for (const next of ahead) {
      const database = await next.catch(() => undefined);
      if (database) this.retire(database);
    }
    while (this.retiring.size) await Promise.all(this.retiring);
    const admin = this.admin;
    this.admin = undefined;
    await admin?.end();
    if (this.errors.length) {
      throw new AggregateError(this.errors, "dropping a test's PostgreSQL database failed");
    }
  }
}
