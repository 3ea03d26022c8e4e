import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { RATE_LIMIT_TABLES, rateLimitStore, type RateLimitStore } from "@/db/client";
import { env } from "@/lib/env";
import { rateLimited } from "@/lib/errors";

/**
 * Counters for failed sign-ins per account and per client address
 * (docs/roles-and-accounts.md#sign-in-limits) and for requests per user and per anonymous address
 * (docs/api.md#rate-limits), kept in the database's rate-limit store (db/client.ts
 * rateLimitStore): PostgreSQL tables every instance shares, or on SQLite a file beside the main
 * one. So they are counted across instances and survive a restart. Each limiter has a memory
 * limiter of the same settings as insurance: while the store fails (the database is down), this
 * process counts on its own instead of answering 500.
 */
type Limiters = {
  signinAccount: RateLimiterAbstract;
  signinClient: RateLimiterAbstract;
  apiUser: RateLimiterAbstract;
  apiAnonymous: RateLimiterAbstract;
};

type Settings = { keyPrefix: string; points: number; duration: number; table: string };

/** How often expired rows are deleted (rows expired over an hour ago, like the library's own). */
const CLEANUP_MS = 5 * 60_000;

function storeLimiter(store: RateLimitStore, settings: Settings): RateLimiterAbstract {
  const { table, ...limits } = settings;
  const insuranceLimiter = new RateLimiterMemory(limits);
  // The library's own cleanup timer has no error handler (an unhandled rejection once the
  // store is closed): off, and cleanup() below does it.
  const common = { ...limits, tableName: table, tableCreated: true, clearExpiredByTimeout: false };
  return store.engine === "postgres"
    ? new RateLimiterPostgres({
        ...common,
        storeClient: store.pool,
        storeType: "pool",
        insuranceLimiter,
      })
    : new RateLimiterSQLite({
        ...common,
        storeClient: store.sqlite,
        storeType: "better-sqlite3",
        insuranceLimiter,
      });
}

/** Deletes long-expired rows every 5 minutes until the store is closed (never keeps the process up). */
function cleanup(store: RateLimitStore, limiters: Limiters) {
  const timer = setInterval(() => {
    if (store.closed()) {
      clearInterval(timer);
      return;
    }
    const before = Date.now() - 3_600_000;
    // One limiter per table is enough: rows of both limiters of a table go together.
    for (const limiter of [limiters.signinAccount, limiters.apiUser]) {
      const clear = (limiter as unknown as { clearExpired(ms: number): Promise<void> })
        .clearExpired;
      Promise.resolve()
        .then(() => clear.call(limiter, before))
        .catch(() => undefined);
    }
  }, CLEANUP_MS);
  timer.unref();
}

// On globalThis so every Next bundle shares them; one set per store (per open database).
const holder = globalThis as unknown as {
  __caselineLimiters?: WeakMap<RateLimitStore, Limiters>;
};

function limiters(): Limiters {
  const store = rateLimitStore();
  holder.__caselineLimiters ??= new WeakMap();
  let set = holder.__caselineLimiters.get(store);
  if (!set) {
    const e = env();
    const window = e.SIGNIN_WINDOW_MINUTES * 60;
    const signins = RATE_LIMIT_TABLES.signinFailures;
    const requests = RATE_LIMIT_TABLES.requests;
    set = {
      signinAccount: storeLimiter(store, {
        keyPrefix: "sa",
        points: e.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
        duration: window,
        table: signins,
      }),
      signinClient: storeLimiter(store, {
        keyPrefix: "sc",
        points: e.SIGNIN_MAX_FAILURES_PER_CLIENT,
        duration: window,
        table: signins,
      }),
      apiUser: storeLimiter(store, {
        keyPrefix: "au",
        points: e.RATE_LIMIT_USER_PER_MINUTE,
        duration: 60,
        table: requests,
      }),
      apiAnonymous: storeLimiter(store, {
        keyPrefix: "aa",
        points: e.RATE_LIMIT_ANON_PER_MINUTE,
        duration: 60,
        table: requests,
      }),
    };
    cleanup(store, set);
    holder.__caselineLimiters.set(store, set);
  }
  return set;
}

/**
 * Tests: forgets this process's limiter objects (and their memory insurance), as a restart
 * would. Counters in the store stay: every test has a fresh database, and with it a fresh store.
 */
export function resetRateLimitsForTesting() {
  holder.__caselineLimiters = undefined;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function tooMany(message: string, res: RateLimiterRes, headers?: Record<string, string>) {
  return rateLimited(message, seconds(res.msBeforeNext), headers);
}

/** One sign-in attempt's reserved points: kept if the password was wrong, given back if it was right. */
export type SigninAttempt = { accountKey: string; clientKey: string };

/**
 * Reserves one attempt against the account and the client address BEFORE the (slow) password check,
 * so a burst of simultaneous attempts can't all be judged: each takes its point at once, and only
 * those within the budget go on to be checked. Throws 429 when either budget is spent; a refused
 * attempt gives back what it took, so it doesn't lengthen the lockout.
 */
export async function reserveSigninAttempt(
  accountKey: string,
  clientKey: string,
): Promise<SigninAttempt> {
  const l = limiters();
  try {
    await l.signinClient.consume(clientKey);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    await l.signinClient.reward(clientKey).catch(() => undefined);
    throw tooMany(
      "Too many failed sign-in attempts from this address. Try again later.",
      rejection,
    );
  }
  try {
    await l.signinAccount.consume(accountKey);
  } catch (rejection) {
    await Promise.allSettled([
      l.signinAccount.reward(accountKey),
      l.signinClient.reward(clientKey),
    ]);
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw tooMany("Too many failed sign-in attempts for this account. Try again later.", rejection);
  }
  return { accountKey, clientKey };
}

/**
 * The password was right: this attempt's own points go back. Other attempts' failures stay counted,
 * so a correct password inside a burst doesn't open the door for the rest of it.
 */
export async function releaseSigninAttempt(attempt: SigninAttempt) {
  const l = limiters();
  await Promise.allSettled([
    l.signinAccount.reward(attempt.accountKey),
    l.signinClient.reward(attempt.clientKey),
  ]);
}

export type RateLimitState = { limit: number; remaining: number; resetSeconds: number };

/** What every answer of an API route says about the caller's budget (docs/api.md#rate-limits). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.resetSeconds),
  };
}

/** Spends one request of the caller's per-minute budget; throws 429 (with the state) when spent. */
export async function consumeRequestBudget(key: {
  userId?: number;
  client: string;
}): Promise<RateLimitState> {
  const l = limiters();
  const limiter = key.userId !== undefined ? l.apiUser : l.apiAnonymous;
  const id = key.userId !== undefined ? `u${key.userId}` : key.client;
  try {
    const res = await limiter.consume(id);
    return {
      limit: limiter.points,
      remaining: res.remainingPoints,
      resetSeconds: seconds(res.msBeforeNext),
    };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw tooMany(
      "Too many requests. Slow down and try again shortly.",
      rejection,
      rateLimitHeaders({
        limit: limiter.points,
        remaining: 0,
        resetSeconds: seconds(rejection.msBeforeNext),
      }),
    );
  }
}
