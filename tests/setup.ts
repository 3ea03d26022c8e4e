import { AsyncLocalStorage } from "node:async_hooks";
import { aroundEach } from "vitest";
import { openDatabase, scopeDbForTesting, setDbForTesting, type Db } from "@/db/client";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";

const testDb = new AsyncLocalStorage<{ db?: Db }>();
scopeDbForTesting(testDb);

/**
 * Every test gets its own fresh, migrated in-memory database and fresh rate-limit counters. The
 * database is bound to the test's async context (its hooks' too), so anything a timed-out or
 * unawaited test leaves running goes on writing to that test's database, never the next one's.
 */
aroundEach(async (runTest) => {
  resetEnvForTesting();
  resetRateLimitsForTesting();
  await testDb.run({}, async () => {
    setDbForTesting(await openDatabase(":memory:"));
    await runTest();
  });
  // Outside the test's context: only the global fallback is cleared; the test's own box keeps its
  // database for whatever it left running.
  setDbForTesting(undefined);
});
