import { afterEach, beforeEach } from "vitest";
import { openDatabase, setDbForTesting } from "@/db/client";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";

/** Every test gets its own fresh, migrated in-memory database and fresh rate-limit counters. */
beforeEach(() => {
  resetEnvForTesting();
  resetRateLimitsForTesting();
  setDbForTesting(openDatabase(":memory:"));
});

afterEach(() => {
  setDbForTesting(undefined);
});
