import { afterEach, describe, expect, it, vi } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { browserSignIn } from "../authjs-kit";
import { call, makeUser, PASSWORD } from "../helpers";

/**
 * Issue 9 item 3: the sign-in limits hold under concurrency. Every attempt takes its count before
 * the slow password check, so a burst can't be judged past the limit, on the REST route and the
 * browser's Auth.js callback alike.
 */
const WRONG = "Wr0ng!pass";

function restSignIn(userId: string, password: string, address = "127.0.0.1") {
  return call(signin.POST, "POST", "/api/v1/auth/signin", {
    body: { userId, password },
    headers: { "x-caseline-socket-address": address },
  });
}

function useEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTesting();
  resetRateLimitsForTesting();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

const tally = (statuses: (number | string)[]) =>
  statuses.reduce<Record<string, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe("REST sign-in under a burst", () => {
  it("judges at most 5 of 40 simultaneous wrong passwords for one account; the rest answer 429 with Retry-After", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const results = await Promise.all(Array.from({ length: 40 }, () => restSignIn(userId, WRONG)));
    const counts = tally(results.map((r) => r.status));
    expect(counts).toEqual({ 401: 5, 429: 35 });
    for (const r of results.filter((x) => x.status === 429)) {
      expect(r.json.error.code).toBe("RATE_LIMITED");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // And the right password is refused too until the window passes.
    expect((await restSignIn(userId, PASSWORD)).status).toBe(429);
  });

  it("holds the per-address limit across different accounts in one burst", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_CLIENT: "7" });
    // The accounts are made one after another: only the sign-ins are the burst.
    const accounts = [];
    for (let i = 0; i < 20; i++) accounts.push(await makeUser("CUSTOMER"));
    const results = await Promise.all(
      accounts.flatMap(({ userId }) => [
        restSignIn(userId, WRONG, "10.9.9.9"),
        restSignIn(userId, WRONG, "10.9.9.9"),
      ]),
    );
    const counts = tally(results.map((r) => r.status));
    expect(counts).toEqual({ 401: 7, 429: 33 });
    expect(results.find((r) => r.status === 429)!.json.error.message).toMatch(/address/i);
    // Another address is not affected.
    expect((await restSignIn(accounts[0].userId, PASSWORD, "10.9.9.10")).status).toBe(200);
  });

  it("a right password inside a burst doesn't reset the count for the rest of it", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const burst = [
      ...Array.from({ length: 2 }, () => WRONG),
      PASSWORD,
      ...Array.from({ length: 30 }, () => WRONG),
    ];
    const results = await Promise.all(burst.map((pw) => restSignIn(userId, pw)));
    const wrongJudged = results.filter((r, i) => burst[i] === WRONG && r.status === 401).length;
    const rightOne = results[2].status;
    expect([200, 429]).toContain(rightOne);
    // Five attempts judged in all; the right one (if judged) gave back only its own count.
    expect(wrongJudged + (rightOne === 200 ? 1 : 0)).toBe(5);
    expect(tally(results.map((r) => r.status))[429]).toBe(burst.length - 5);
    // Never more than five failures in the window, counting those after the burst.
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await restSignIn(userId, WRONG)).status);
    expect(after.filter((s) => s === 401)).toHaveLength(5 - wrongJudged);
    expect(after.at(-1)).toBe(429);
  });

  it("a right password gives back only its own count: earlier failures still count", async () => {
    const { userId } = await makeUser("CUSTOMER");
    for (let i = 0; i < 4; i++) expect((await restSignIn(userId, WRONG)).status).toBe(401);
    expect((await restSignIn(userId, PASSWORD)).status).toBe(200);
    expect((await restSignIn(userId, WRONG)).status).toBe(401);
    expect((await restSignIn(userId, PASSWORD)).status).toBe(429);
  });

  it("counts a refused (429) attempt as nothing: the lockout doesn't grow from attempts made during it", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_ACCOUNT: "2", SIGNIN_MAX_FAILURES_PER_CLIENT: "3" });
    const { userId } = await makeUser("CUSTOMER");
    const { userId: other } = await makeUser("CUSTOMER");
    for (let i = 0; i < 2; i++) expect((await restSignIn(userId, WRONG)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await restSignIn(userId, WRONG)).status).toBe(429);
    // The address has 2 failures, not 7: one more attempt for another account is still judged.
    expect((await restSignIn(other, WRONG)).status).toBe(401);
    expect((await restSignIn(other, PASSWORD)).status).toBe(429);
  });
});

describe("the browser's sign-in (Auth.js credentials callback) under a burst", () => {
  it("judges at most 5 of 40 simultaneous wrong passwords; the rest are refused as rate limited", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const results = await Promise.all(
      Array.from({ length: 40 }, () => browserSignIn(userId, WRONG)),
    );
    const outcomes = tally(results.map((r) => r.outcome.replace(/:\d+$/, "")));
    expect(outcomes).toEqual({ "Incorrect user ID, email or password": 5, rate_limited: 35 });
    expect((await browserSignIn(userId, PASSWORD)).outcome).toMatch(/^rate_limited:\d+$/);
  });

  it("shares the account's count with the REST route", async () => {
    const { userId } = await makeUser("CUSTOMER");
    await Promise.all(Array.from({ length: 3 }, () => restSignIn(userId, WRONG)));
    await Promise.all(Array.from({ length: 2 }, () => browserSignIn(userId, WRONG)));
    expect((await browserSignIn(userId, PASSWORD)).outcome).toMatch(/^rate_limited:/);
    expect((await restSignIn(userId, PASSWORD)).status).toBe(429);
  });

  it("holds the per-address limit across accounts", async () => {
    useEnv({ SIGNIN_MAX_FAILURES_PER_CLIENT: "4" });
    // The accounts are made one after another: only the sign-ins are the burst.
    const accounts = [];
    for (let i = 0; i < 10; i++) accounts.push(await makeUser("CUSTOMER"));
    const results = await Promise.all(
      accounts.map(({ userId }) => browserSignIn(userId, WRONG, "10.8.8.8")),
    );
    expect(results.filter((r) => r.outcome.startsWith("rate_limited:"))).toHaveLength(6);
    expect((await browserSignIn(accounts[0].userId, PASSWORD, "10.8.8.9")).outcome).toBe("ok");
  });
});
