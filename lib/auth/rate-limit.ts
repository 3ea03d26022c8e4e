import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { rateLimited } from "@/lib/errors";

/**
 * Counters for failed sign-ins per account and per client address
 * (docs/roles-and-accounts.md#sign-in-limits) and for requests per user and per anonymous address
 * (docs/api.md#rate-limits). Kept on globalThis so every Next bundle shares them.
 */
type Limiters = {
  signinAccount: RateLimiterMemory;
  signinClient: RateLimiterMemory;
  apiUser: RateLimiterMemory;
  apiAnonymous: RateLimiterMemory;
};

const holder = globalThis as unknown as { __caselineLimiters?: Limiters };

function limiters(): Limiters {
  if (!holder.__caselineLimiters) {
    const e = env();
    const window = e.SIGNIN_WINDOW_MINUTES * 60;
    holder.__caselineLimiters = {
      signinAccount: new RateLimiterMemory({
        keyPrefix: "sa",
        points: e.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
        duration: window,
      }),
      signinClient: new RateLimiterMemory({
        keyPrefix: "sc",
        points: e.SIGNIN_MAX_FAILURES_PER_CLIENT,
        duration: window,
      }),
      apiUser: new RateLimiterMemory({
        keyPrefix: "au",
        points: e.RATE_LIMIT_USER_PER_MINUTE,
        duration: 60,
      }),
      apiAnonymous: new RateLimiterMemory({
        keyPrefix: "aa",
        points: e.RATE_LIMIT_ANON_PER_MINUTE,
        duration: 60,
      }),
    };
  }
  return holder.__caselineLimiters;
}

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
