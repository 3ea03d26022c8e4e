import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { env } from "@/lib/env";
import { engineOf, type EngineKind } from "./engine-kind";
import * as postgresSchema from "./postgres/schema";
import type { Schema } from "./schema";
import * as sqliteSchema from "./sqlite/schema";
import { logger } from "@/lib/log.mjs";
import { cachedPrepare, RoutedStatement } from "./sqlite-statements";

/**
 * The database as the domain sees it (docs/operations.md#two-engines): Drizzle's PostgreSQL
 * query-builder type. On SQLite the object is Drizzle's better-sqlite3 database over the SQLite
 * tables; the domain only uses what both builders share, and awaits every query.
 */
export type Db = NodePgDatabase<Schema>;

type Handle = {
  engine: EngineKind;
  db: Db;
  /** SQLite: the connection. PostgreSQL: the pool. */
  sqlite?: Database.Database;
  pool?: pg.Pool;
  /** SQLite: one write transaction at a time on the one connection. */
  writeQueue?: Promise<unknown>;
  /** SQLite: a read-only second connection to the file, for reads while a transaction is open. */
  reader?: Database.Database;
  /** SQLite: the open write transaction's token (see guardSqlite). */
  openTransaction?: { open: boolean };
  /** SQLite: the file name the handle was opened on (":memory:" for an in-memory database). */
  file?: string;
  /** Where rate-limit counters live, once asked for (see rateLimitStore). */
  limits?: RateLimitStore;
};

// On globalThis, like the database itself: Next bundles this module into several chunks, and a
// handle opened by one (startup) must be found by the others (every route and action).
const handleHolder = globalThis as unknown as { __caselineHandles?: WeakMap<Db, Handle> };
const handles = (handleHolder.__caselineHandles ??= new WeakMap<Db, Handle>());

/** Each engine's migrations folder (also read by scripts/db-move.ts). */
export const MIGRATIONS: Record<EngineKind, string> = {
  sqlite: path.join(process.cwd(), "db", "sqlite", "migrations"),
  postgres: path.join(process.cwd(), "db", "postgres", "migrations"),
};

/** What went wrong opening the database, as one line naming the problem (startup prints it). */
export class DatabaseUnavailableError extends Error {}

/** Where a URL points, without its password: safe to print. */
export function describeDatabaseUrl(url: string): string {
  if (engineOf(url) === "sqlite") return `SQLite ${url}`;
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "PostgreSQL (malformed URL)";
  }
}

function openSqlite(file: string): Handle {
  const name = file.replace(/^file:/, "");
  if (name !== ":memory:") mkdirSync(path.dirname(path.resolve(name)), { recursive: true });
  const sqlite = new Database(name);
  // WAL lets readers run beside the single writer; NORMAL keeps every committed transaction
  // through a killed process (only an OS crash can drop the last few).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // A writer waits this long for another connection's write to finish (the web server and
  // `npm run worker` share the file) before SQLite gives up with "database is locked".
  sqlite.pragma("busy_timeout = 15000");
  sqlite.pragma("cache_size = -65536");
  sqlite.pragma("temp_store = MEMORY");
  // The commit that fills the WAL to this many pages copies them into the database and syncs it.
  // A ticket's creation writes about 30 pages, many of them the same ones again (the newest leaf
  // of each index, the day's rollup rows): a window of 4,000 (16 MB) copies each once per 130
  // creations instead of once per 33; a creation's commit fell from 1.1 to 0.6 ms (10k bench file).
  sqlite.pragma("wal_autocheckpoint = 4000");
  const db = drizzleSqlite(sqlite, { schema: sqliteSchema }) as unknown as Db;
  return { engine: "sqlite", db, sqlite, writeQueue: Promise.resolve(), file: name };
}

/**
 * SQLite serves every request of this process on one connection, and async use-cases interleave
 * between their awaits: a statement from another request, sent while a write transaction is
 * open, would run inside it (and be rolled back with it). So, once migrated:
 * - a write outside writeTransaction is refused at once, whether or not a transaction is open
 *   (every write in lib/ goes through writeTransaction: a deterministic rule, not a race);
 * - a read from outside the open transaction goes to a read-only second connection, which sees
 *   only committed data (an in-memory database has no second connection: it reads the first).
 */
function guardSqlite(handle: Handle, file: string) {
  const sqlite = handle.sqlite!;
  if (file !== ":memory:") {
    handle.reader = new Database(file, { readonly: true });
    handle.reader.pragma("busy_timeout = 15000");
    handle.reader.pragma("cache_size = -16384");
  }
  const prepare = cachedPrepare(sqlite);
  const prepareReader = handle.reader && cachedPrepare(handle.reader);
  const pick = (source: string) => {
    const statement = prepare(source);
    const open = handle.openTransaction;
    const inside = open !== undefined && transactionScope.getStore()?.token === open;
    if (inside) return statement;
    if (!statement.readonly) {
      throw new Error(
        "A write outside writeTransaction(): on SQLite every write goes through writeTransaction (db/client.ts)",
      );
    }
    return open && prepareReader ? prepareReader(source) : statement;
  };
  sqlite.prepare = ((source: string) => {
    prepare(source); // compiled now, so a mistake in the SQL shows where it was written
    return new RoutedStatement(source, pick);
  }) as unknown as typeof sqlite.prepare;
}

function openPostgres(url: string): Handle {
  const pool = new pg.Pool({
    connectionString: url,
    max: env().DATABASE_POOL_SIZE,
    // A dead server is reported at start within seconds, not after the OS's TCP timeout.
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its server emits on the pool; without a listener Node would crash.
  pool.on("error", (error) =>
    logger.error({ err: error }, `database connection lost: ${error.message}`),
  );
  const db = drizzlePg(pool, { schema: postgresSchema }) as unknown as Db;
  return { engine: "postgres", db, pool };
}

/**
 * Opens the database `url` names and applies pending migrations (db/sqlite/migrations or
 * db/postgres/migrations). Throws DatabaseUnavailableError when it can't be reached.
 */
export async function openDatabase(url: string): Promise<Db> {
  const engine = engineOf(url);
  let handle: Handle | undefined;
  try {
    handle = engine === "sqlite" ? openSqlite(url) : openPostgres(url);
    handles.set(handle.db, handle);
    if (engine === "sqlite") {
      migrateSqlite(handle.db as never, { migrationsFolder: MIGRATIONS.sqlite });
      guardSqlite(handle, url.replace(/^file:/, ""));
    } else {
      await migratePostgres(handle.pool!);
    }
    return handle.db;
  } catch (error) {
    if (handle) await closeHandle(handle).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`cannot open ${describeDatabaseUrl(url)}: ${reason}`, {
      cause: error,
    });
  }
}

/** PostgreSQL advisory lock key held while migrating ("MIGR" in ASCII). */
const MIGRATION_LOCK = 0x4d494752;

/**
 * Applies PostgreSQL migrations holding a session advisory lock, so processes starting together
 * on one database migrate one after the other instead of racing to create the same tables.
 * openDatabase calls it; so does db/move.ts, on a pool of its own.
 */
export async function migratePostgres(pool: pg.Pool) {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS.postgres });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * Where rate-limit counters live (docs/api.md#rate-limits): tables `rate_limit_requests` and
 * `rate_limit_signin_failures`, each `key, points, expire` (rate-limiter-flexible's layout).
 * - PostgreSQL: the app's own pool; the tables come from migration 0003_rate_limits.
 * - SQLite: a SEPARATE connection to a file beside the main one (`caseline.db` →
 *   `caseline-limits.db`), so counting a request never takes the main file's write lock nor
 *   goes through writeTransaction. An in-memory main database gets an in-memory store of its
 *   own (tests: fresh limits with every database, same code path).
 * `closed()` is true once closeDatabase ran. One store per database handle, cached.
 */
export type RateLimitStore =
  | { engine: "postgres"; pool: pg.Pool; closed(): boolean }
  | { engine: "sqlite"; sqlite: Database.Database; closed(): boolean };

export const RATE_LIMIT_TABLES = {
  requests: "rate_limit_requests",
  signinFailures: "rate_limit_signin_failures",
} as const;

export function rateLimitStore(db: Db = processDb()): RateLimitStore {
  const handle = handleOf(rootDb(db));
  if (handle.limits) return handle.limits;
  if (handle.engine === "postgres") {
    const pool = handle.pool!;
    handle.limits = { engine: "postgres", pool, closed: () => pool.ended };
  } else {
    const limits = new Database(limitsFile(handle.file ?? ":memory:"));
    limits.pragma("journal_mode = WAL");
    // Counters: losing the last few to an OS crash is fine; never wait long for a lock (the
    // worker process shares the file), a refused count falls back to memory (lib/auth/rate-limit).
    limits.pragma("synchronous = NORMAL");
    limits.pragma("busy_timeout = 1000");
    for (const table of Object.values(RATE_LIMIT_TABLES)) {
      limits.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`,
      );
    }
    handle.limits = { engine: "sqlite", sqlite: limits, closed: () => !limits.open };
  }
  return handle.limits;
}

/** The rate-limit file beside a SQLite database file: `data/caseline.db` → `data/caseline-limits.db`. */
export function limitsFile(file: string): string {
  if (file === ":memory:") return ":memory:";
  const ext = path.extname(file);
  return `${ext ? file.slice(0, -ext.length) : file}-limits${ext || ".db"}`;
}

async function closeHandle(handle: Handle) {
  if (handle.limits?.engine === "sqlite" && handle.limits.sqlite.open) handle.limits.sqlite.close();
  if (handle.reader?.open) handle.reader.close();
  if (handle.sqlite?.open) handle.sqlite.close();
  if (handle.pool && !handle.pool.ended) await handle.pool.end();
}

const journalLengths = new Map<EngineKind, number>();

/**
 * Migrations this build has that the database has not applied (0 once the start has migrated it;
 * more when, say, another instance's older build serves a database a newer one is migrating):
 * readiness checks it (GET /api/v1/health/ready).
 */
export async function pendingMigrations(db: Db = processDb()): Promise<number> {
  const engine = handleOf(db).engine;
  let known = journalLengths.get(engine);
  if (known === undefined) {
    const journal = JSON.parse(
      readFileSync(path.join(MIGRATIONS[engine], "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };
    known = journal.entries.length;
    journalLengths.set(engine, known);
  }
  const table = sql.raw(
    engine === "sqlite" ? `"__drizzle_migrations"` : `"drizzle"."__drizzle_migrations"`,
  );
  const applied = await row<{ n: number | string }>(sql`select count(*) as n from ${table}`);
  return Math.max(0, known - Number(applied?.n ?? 0));
}

/** Closes a database opened by openDatabase (tests, scripts, shutdown). */
export async function closeDatabase(db: Db) {
  const handle = handles.get(db);
  if (handle) await closeHandle(handle);
}

function handleOf(db: Db): Handle {
  const handle = handles.get(db);
  if (!handle) throw new Error("Not a database opened by openDatabase()");
  return handle;
}

/**
 * Whether `db` is a database openDatabase opened, rather than a PostgreSQL transaction on one
 * (on SQLite getDb() is the database inside transactions too): what db/prepared.ts may keep.
 */
export function isOpenedDatabase(db: Db): boolean {
  return handles.has(db);
}

/** The engine of a database handle. */
export function engineOfDb(db: Db = getDb()): EngineKind {
  return handleOf(rootDb(db)).engine;
}

// Kept on globalThis: Next bundles route handlers and pages separately, and both must share
// one connection (and tests swap it per case).
type TestDbBox = { db?: Db };
const holder = globalThis as unknown as {
  __caselineDb?: Db;
  __caselineDbOpening?: Promise<Db>;
  /** Tests only: the database box of the test whose async context is running (tests/setup.ts). */
  __caselineTestDb?: { getStore(): TestDbBox | undefined };
  __caselineTransactionScope?: AsyncLocalStorage<TransactionContext>;
};

/** The open transaction a chain of calls runs in; `token` is one per outermost transaction. */
type TransactionToken = { open: boolean; afterCommit: (() => void)[] };
type TransactionContext = { tx: Db; root: Db; depth: number; token: TransactionToken };
const newToken = (): TransactionToken => ({ open: true, afterCommit: [] });

/**
 * Runs `fn` once the current write transaction has committed (at once, outside one): for effects
 * that must see the committed rows, such as waking the email worker. A rolled-back (or retried)
 * transaction drops its callbacks.
 */
export function afterCommit(fn: () => void) {
  const context = currentTransaction();
  if (context) context.token.afterCommit.push(fn);
  else fn();
}

function runAfterCommit(token: TransactionToken) {
  for (const fn of token.afterCommit) {
    try {
      fn();
    } catch (error) {
      logger.error({ err: error }, "after-commit callback failed");
    }
  }
}

/** The transaction this chain of calls runs in, unless it has ended (work left running after it). */
function currentTransaction(): TransactionContext | undefined {
  const context = transactionScope.getStore();
  return context?.token.open ? context : undefined;
}
holder.__caselineTransactionScope ??= new AsyncLocalStorage<TransactionContext>();
const transactionScope = holder.__caselineTransactionScope;

/**
 * Opens the process's database once (server start, scripts) and keeps it for getDb(). A second
 * call while the first is opening waits for it.
 */
export async function connectDatabase(url = env().DATABASE_URL): Promise<Db> {
  if (holder.__caselineDb) return holder.__caselineDb;
  holder.__caselineDbOpening ??= openDatabase(url).then(
    (db) => (holder.__caselineDb = db),
    (error) => {
      holder.__caselineDbOpening = undefined;
      throw error;
    },
  );
  return holder.__caselineDbOpening;
}

function rootDb(db: Db): Db {
  const context = currentTransaction();
  return context && context.tx === db ? context.root : db;
}

function processDb(): Db {
  const box = holder.__caselineTestDb?.getStore();
  if (box?.db) return box.db;
  if (!holder.__caselineDb) {
    throw new Error("The database is not open yet: call connectDatabase() at start");
  }
  return holder.__caselineDb;
}

/**
 * The database to query: inside writeTransaction, that transaction (so every helper a use-case
 * calls joins it); otherwise the process's database.
 */
export function getDb(): Db {
  return currentTransaction()?.tx ?? processDb();
}

export type WriteOptions = {
  /**
   * The transaction may choose an assignee or change who is available (docs/tickets.md#assignment):
   * it takes the assignment lock first, so concurrent choices never read a stale working count.
   * SQLite's write lock already serializes every writer; PostgreSQL takes an advisory lock.
   */
  assigns?: boolean;
};

/** PostgreSQL advisory lock key of assignment (any constant; "CASE" in ASCII). */
const ASSIGNMENT_LOCK = 0x43415345;
const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock detected
const MAX_ATTEMPTS = 8;

const retryHolder = globalThis as unknown as { __caselineRetries?: { transactions: number } };
/**
 * Write transactions of this process run again after a serialization failure or deadlock
 * (PostgreSQL), assignment's included: GET /metrics reports the count
 * (caseline_db_transaction_retries_total). On globalThis, as Next bundles this module more than once.
 */
export const transactionRetries = (retryHolder.__caselineRetries ??= { transactions: 0 });

/**
 * Runs `fn` as one write transaction: every getDb() inside it, in any helper, joins it. Await
 * only the database inside (email and other slow effects go through the outbox, after commit).
 * - SQLite begins IMMEDIATE, taking the write lock before its first read: a deferred transaction
 *   that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another process (the
 *   worker beside the web server) committed in between. Transactions of this process queue.
 * - PostgreSQL runs at READ COMMITTED; `assigns` adds the assignment lock. A serialization failure
 *   or deadlock rolls back and runs `fn` again (with a short random pause), up to 8 times.
 * Nested calls become savepoints of the outer transaction. ESLint forbids `db.transaction`
 * elsewhere.
 */
export async function writeTransaction<T>(
  fn: () => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  const outer = currentTransaction();
  if (outer) return nestedTransaction(outer, fn, options);
  const root = processDb();
  const handle = handleOf(root);
  return handle.engine === "sqlite"
    ? sqliteTransaction(handle, root, fn)
    : postgresTransaction(root, fn, options);
}

async function sqliteTransaction<T>(handle: Handle, root: Db, fn: () => Promise<T>): Promise<T> {
  const previous = handle.writeQueue!;
  let release!: () => void;
  handle.writeQueue = new Promise<void>((resolve) => (release = resolve));
  await previous;
  const client = handle.sqlite!;
  const context: TransactionContext = { tx: root, root, depth: 0, token: newToken() };
  try {
    client.exec("BEGIN IMMEDIATE");
    handle.openTransaction = context.token;
    try {
      // Awaited inside the scope: `fn` may hand back a query not yet run (Drizzle's are thenables).
      const result = await transactionScope.run(context, async () => await fn());
      client.exec("COMMIT");
      context.token.open = false;
      runAfterCommit(context.token);
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec("ROLLBACK");
      throw error;
    } finally {
      handle.openTransaction = undefined;
      context.token.open = false;
    }
  } finally {
    release();
  }
}

async function postgresTransaction<T>(
  root: Db,
  fn: () => Promise<T>,
  options: WriteOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const token = newToken();
    try {
      // The one place a Drizzle transaction is opened (see the ESLint rule).
      // eslint-disable-next-line no-restricted-syntax
      const result = await root.transaction(
        async (tx) => {
          if (options.assigns)
            await tx.execute(sql`select pg_advisory_xact_lock(${ASSIGNMENT_LOCK})`);
          const context = { tx: tx as unknown as Db, root, depth: 0, token };
          try {
            return await transactionScope.run(context, fn);
          } finally {
            token.open = false;
          }
        },
        { isolationLevel: "read committed" },
      );
      runAfterCommit(token);
      return result;
    } catch (error) {
      const code =
        (error as { code?: string; cause?: { code?: string } }).code ??
        (error as { cause?: { code?: string } }).cause?.code;
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
      transactionRetries.transactions += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

async function nestedTransaction<T>(
  outer: TransactionContext,
  fn: () => Promise<T>,
  options: WriteOptions,
): Promise<T> {
  const handle = handleOf(outer.root);
  const depth = outer.depth + 1;
  if (handle.engine === "postgres" && options.assigns) {
    await outer.tx.execute(sql`select pg_advisory_xact_lock(${ASSIGNMENT_LOCK})`);
  }
  const name = `sp${depth}`;
  await run(sql.raw(`savepoint ${name}`));
  try {
    const result = await transactionScope.run({ ...outer, depth }, async () => await fn());
    await run(sql.raw(`release savepoint ${name}`));
    return result;
  } catch (error) {
    await run(sql.raw(`rollback to savepoint ${name}`));
    await run(sql.raw(`release savepoint ${name}`));
    throw error;
  }
}

/**
 * Rows of a raw SQL query (portable SQL, or fragments from db/dialect.ts), on either engine.
 * Values come as the driver gives them (SQLite timestamps are numbers, PostgreSQL's are Dates;
 * PostgreSQL counts are strings unless cast): select columns through the query builder, or cast.
 */
export async function rows<T = Record<string, unknown>>(query: SQL): Promise<T[]> {
  const db = getDb() as unknown as {
    all?: (q: SQL) => T[];
    execute: (q: SQL) => Promise<{ rows: T[] }>;
  };
  if (typeof db.all === "function") return db.all(query);
  return (await db.execute(query)).rows;
}

/** The first row of a raw SQL query, or undefined. */
export async function row<T = Record<string, unknown>>(query: SQL): Promise<T | undefined> {
  return (await rows<T>(query))[0];
}

/** Runs a raw SQL statement on either engine. */
export async function run(query: SQL): Promise<void> {
  const db = getDb() as unknown as {
    run?: (q: SQL) => unknown;
    execute: (q: SQL) => Promise<unknown>;
  };
  if (typeof db.run === "function") db.run(query);
  else await db.execute(query);
}

export function setDbForTesting(db: Db | undefined) {
  const box = holder.__caselineTestDb?.getStore();
  if (box) box.db = db;
  holder.__caselineDb = db;
}

/**
 * Tests only: binds each test's database to that test's async context, so work a test left running
 * (it timed out, or forgot to await) keeps writing to its own database, never to the next test's.
 */
export function scopeDbForTesting(scope: { getStore(): TestDbBox | undefined }) {
  holder.__caselineTestDb = scope;
}
