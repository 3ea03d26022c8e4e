import { afterAll, aroundEach, inject } from "vitest";
import { openDatabase, scopeDbForTesting, setDbForTesting } from "@/db/client";
import { ENGINE } from "@/db/engine-kind";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { TestDatabases, type TestDatabase } from "./postgres/databases";
import { testDatabaseScope as testDb } from "./test-database";

scopeDbForTesting(testDb);

/**
 * PostgreSQL project (vitest.config.ts): each test's database is cloned from the template that
 * tests/postgres/global-setup.ts migrated, a couple ahead in the background.
 */
const databases =
  ENGINE === "postgres" ? new TestDatabases(templateUrl(), (fn) => testDb.exit(fn)) : undefined;
/** The previous test's database: dropped once the next test is over (see below). */
let previous: TestDatabase | undefined;

function templateUrl() {
  const url = inject("postgresTemplateUrl");
  if (!url) {
    throw new Error(
      "DATABASE_URL is a postgres:// URL but no test server was started: run the `postgres` vitest project (its globalSetup starts one)",
    );
  }
  return url;
}

/**
 * Every test gets its own fresh, migrated database and fresh rate-limit counters: SQLite in
 * memory, or on PostgreSQL a database of its own on the test server. The database is bound to
 * the test's async context (its hooks' too), so anything a timed-out or unawaited test leaves
 * running goes on writing to that test's database, never the next one's. On PostgreSQL a test's
 * database lives on through the next test (as a SQLite one does while anything holds it), then
 * is closed and dropped; whatever still uses it after that fails instead.
 */
aroundEach(async (runTest) => {
  if (!databases) {
    resetEnvForTesting();
    resetRateLimitsForTesting();
    await testDb.run({}, async () => {
      setDbForTesting(await openDatabase(":memory:"));
      await runTest();
    });
    // Outside the test's context: only the global fallback is cleared; the test's own box keeps
    // its database for whatever it left running.
    setDbForTesting(undefined);
    return;
  }
  const database = await databases.take();
  // env().DATABASE_URL names the test's own database too (child processes, second pools).
  process.env.DATABASE_URL = database.url;
  resetEnvForTesting();
  resetRateLimitsForTesting();
  try {
    await testDb.run({ url: database.url }, async () => {
      setDbForTesting(database.db);
      await runTest();
    });
  } finally {
    setDbForTesting(undefined);
    if (previous) databases.retire(previous);
    previous = database;
  }
});

afterAll(async () => {
  if (!databases) return;
  if (previous) databases.retire(previous);
  previous = undefined;
  await databases.close();
});
