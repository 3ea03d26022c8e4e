import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");

/** Opens a database file (or ":memory:"), tunes it for a web server and brings it up to date. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
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
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

// Kept on globalThis: Next bundles route handlers and pages separately, and both must share
// one connection (and tests swap it per case).
type TestDbBox = { db?: Db };
const holder = globalThis as unknown as {
  __caselineDb?: Db;
  /** Tests only: the database box of the test whose async context is running (tests/setup.ts). */
  __caselineTestDb?: { getStore(): TestDbBox | undefined };
};

export function getDb(): Db {
  const box = holder.__caselineTestDb?.getStore();
  if (box?.db) return box.db;
  holder.__caselineDb ??= openDatabase(env().DATABASE_URL);
  return holder.__caselineDb;
}

/**
 * Runs `fn` as one write transaction (synchronous: no `await` inside). It begins IMMEDIATE, taking
 * the write lock before its first read: a deferred transaction that reads and then writes fails
 * at once with SQLITE_BUSY_SNAPSHOT when another process (the worker beside the web server)
 * committed in between, and no busy timeout can save it. Taken up front, the lock is simply
 * waited for (busy_timeout). Nested calls become savepoints of the outer transaction. Every
 * multi-statement write in lib/ goes through here; ESLint forbids `db.transaction` elsewhere.
 */
export function writeTransaction<T>(fn: () => T): T {
  return getDb().transaction(() => fn(), { behavior: "immediate" });
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
