import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as health from "@/app/api/v1/health/route";
import {
  closeDatabase,
  getDb,
  openDatabase,
  rateLimitStore,
  rows,
  setDbForTesting,
} from "@/db/client";
import type { Db } from "@/db/client";
import {
  consumeRequestBudget,
  reserveSigninAttempt,
  resetRateLimitsForTesting,
} from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { call } from "../helpers";
import { currentTestDatabaseUrl, TEST_ENGINE } from "../test-database";

/**
 * Issue 12 item 1: rate limits and sign-in lockouts live in the database's rate-limit store
 * (docs/api.md#rate-limits, docs/roles-and-accounts.md#sign-in-limits), so a second instance on
 * the same database sees what the first counted, a restart forgets nothing, and a store that
 * fails leaves requests answered (counted in memory) instead of 500s.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A URL the running test may open twice: its own PostgreSQL database, or a fresh SQLite file. */
function sharedUrl(): string {
  if (TEST_ENGINE === "postgres") return currentTestDatabaseUrl();
  const dir = mkdtempSync(path.join(os.tmpdir(), "caseline-limits-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "caseline.db");
}

/** Opens an "instance" (its own database handle, store and limiters) and makes getDb() answer it. */
async function instance(url: string): Promise<Db> {
  const db = await openDatabase(url);
  cleanups.push(() => closeDatabase(db));
  const original = getDb();
  cleanups.push(() => setDbForTesting(original));
  setDbForTesting(db);
  return db;
}

async function refused(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("RATE_LIMITED");
  return error as AppError;
}

describe("rate limits shared through the database", () => {
  it("stores SQLite limits in a file beside the main one, not in it", async () => {
    if (TEST_ENGINE !== "sqlite") return;
    const url = sharedUrl();
    await instance(url);
    const store = rateLimitStore();
    expect(store.engine).toBe("sqlite");
    if (store.engine === "sqlite") {
      expect(store.sqlite.name).toBe(path.join(path.dirname(url), "caseline-limits.db"));
    }
  });

  it("counts a user's request budget across two instances on one database", async () => {
    const url = sharedUrl();
    const first = await instance(url);
    const second = await openDatabase(url);
    cleanups.push(() => closeDatabase(second));

    setDbForTesting(first);
    const a = await consumeRequestBudget({ userId: 7, client: "10.0.0.1" });
    await consumeRequestBudget({ userId: 7, client: "10.0.0.1" });
    // A second process has limiters of its own: only the store is shared.
    resetRateLimitsForTesting();
    setDbForTesting(second);
    const b = await consumeRequestBudget({ userId: 7, client: "10.0.0.2" });
    expect(b.remaining).toBe(a.remaining - 2);
    // Another user's budget is untouched.
    const other = await consumeRequestBudget({ userId: 8, client: "10.0.0.2" });
    expect(other.remaining).toBe(a.remaining);
  });

  it("keeps a sign-in lockout through a restart, and another instance sees it", async () => {
    const url = sharedUrl();
    const first = await instance(url);
    for (let i = 0; i < 5; i++)
      await reserveSigninAttempt("acct:locked@example.com", `10.1.0.${i}`);
    await refused(reserveSigninAttempt("acct:locked@example.com", "10.1.0.99"));

    // A second instance on the same database refuses it too.
    const second = await openDatabase(url);
    cleanups.push(() => closeDatabase(second));
    resetRateLimitsForTesting();
    setDbForTesting(second);
    const error = await refused(reserveSigninAttempt("acct:locked@example.com", "10.1.1.1"));
    expect(error.retryAfter).toBeGreaterThan(0);

    // "Restart": every handle closed, this process's limiters forgotten, the database reopened.
    await closeDatabase(second);
    await closeDatabase(first);
    resetRateLimitsForTesting();
    await instance(url);
    await refused(reserveSigninAttempt("acct:locked@example.com", "10.1.2.1"));
    // Other accounts are free.
    await reserveSigninAttempt("acct:free@example.com", "10.1.2.1");
  });

  it("still answers when the store fails: counted in this process's memory instead", async () => {
    const url = sharedUrl();
    const db = await instance(url);
    await consumeRequestBudget({ userId: 9, client: "10.2.0.1" });
    // The store goes away under the limiters (the database is down).
    await closeDatabase(db);
    const state = await consumeRequestBudget({ userId: 9, client: "10.2.0.1" });
    expect(state.limit).toBeGreaterThan(0);
    expect(state.remaining).toBe(state.limit - 1);
    // Sign-in limits still hold, in memory.
    for (let i = 0; i < 5; i++) await reserveSigninAttempt("acct:down@example.com", "10.2.0.2");
    await refused(reserveSigninAttempt("acct:down@example.com", "10.2.0.3"));
  });

  it("answers the health check with 503, not 500, when the database (and so the store) is down", async () => {
    const db = await instance(sharedUrl());
    expect((await call(health.GET, "GET", "/api/v1/health")).status).toBe(200);
    await closeDatabase(db);
    const res = await call(health.GET, "GET", "/api/v1/health");
    expect(res.status).toBe(503);
    expect(res.json.status).toBe("error");
    // The budget was still counted (in memory) and said so.
    expect(Number(res.headers.get("ratelimit-remaining"))).toBeGreaterThan(0);
  });

  it("keeps request budgets UNLOGGED and sign-in failures in a normal table (PostgreSQL)", async () => {
    if (TEST_ENGINE !== "postgres") return;
    const tables = await rows<{ relname: string; relpersistence: string }>(
      sql`select relname, relpersistence from pg_class where relname in ('rate_limit_requests', 'rate_limit_signin_failures') order by relname`,
    );
    expect(tables).toEqual([
      { relname: "rate_limit_requests", relpersistence: "u" },
      { relname: "rate_limit_signin_failures", relpersistence: "p" },
    ]);
  });
});
