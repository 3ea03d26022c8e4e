/**
 * The database of the running test (tests/setup.ts binds one to each test's async context), for
 * tests that need more than getDb(): a second connection, a child process, the engine.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "@/db/client";
import { ENGINE } from "@/db/engine-kind";

/** What tests/setup.ts binds to a test's async context; `db` is what getDb() answers there. */
export type TestDatabaseBox = { db?: Db; url?: string };

// On globalThis: the setup file and a test file importing this module must share one scope.
const holder = globalThis as unknown as {
  __caselineTestScope?: AsyncLocalStorage<TestDatabaseBox>;
};
holder.__caselineTestScope ??= new AsyncLocalStorage<TestDatabaseBox>();
export const testDatabaseScope = holder.__caselineTestScope;

/** The engine this test run uses (the vitest project: `sqlite` or `postgres`). */
export const TEST_ENGINE = ENGINE;

/**
 * The URL of the running test's own database, to open a second connection to it (a second pool,
 * a `pg.Client`, a child process's DATABASE_URL). PostgreSQL only: each SQLite test's database is
 * in memory, which no second connection can reach.
 */
export function currentTestDatabaseUrl(): string {
  const url = testDatabaseScope.getStore()?.url;
  if (url) return url;
  throw new Error(
    TEST_ENGINE === "sqlite"
      ? "currentTestDatabaseUrl(): the SQLite test database is in memory and has no URL (PostgreSQL only; check TEST_ENGINE)"
      : "currentTestDatabaseUrl(): called outside a test (in a test or its hooks only)",
  );
}
