import { afterEach, describe, expect, it, vi } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as signup from "@/app/api/v1/auth/signup/route";
import * as health from "@/app/api/v1/health/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as customersRoute from "@/app/api/v1/customers/route";
import * as interactionsRoute from "@/app/api/v1/interactions/route";
import * as exportRoute from "@/app/api/v1/export/customers/route";
import * as overviewRoute from "@/app/api/v1/reports/overview/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { call, makeUser, tokenFor } from "../helpers";

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

function expectRateLimited(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBe(429);
  expect(res.json.error).toMatchObject({ code: "RATE_LIMITED", message: expect.any(String) });
}

describe("API rate limits (docs/api.md#rate-limits)", () => {
  it("sends RateLimit-* headers on a successful response", async () => {
    const res = await call(health.GET, "GET", "/api/v1/health");
    expect(res.headers.get("ratelimit-limit")).toBe("300");
    expect(res.headers.get("ratelimit-remaining")).toBe("299");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });

  it("answers the 4th anonymous request in a minute with 429, Retry-After and RateLimit-*", async () => {
    useEnv({ RATE_LIMIT_ANON_PER_MINUTE: "3" });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const ok = await call(health.GET, "GET", "/api/v1/health");
      expect(ok.status).toBe(200);
      remaining.push(ok.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);

    const res = await call(health.GET, "GET", "/api/v1/health");
    expectRateLimited(res);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers.get("ratelimit-limit")).toBe("3");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });

  it("counts anonymous requests per client address, across routes", async () => {
    useEnv({ RATE_LIMIT_ANON_PER_MINUTE: "3" });
    await call(health.GET, "GET", "/api/v1/health");
    await call(openapi.GET, "GET", "/api/v1/openapi.json");
    await call(signup.POST, "POST", "/api/v1/auth/signup", { body: {} });
    expect((await call(signin.POST, "POST", "/api/v1/auth/signin", { body: {} })).status).toBe(429);
    const other = await call(health.GET, "GET", "/api/v1/health", {
      headers: { "x-caseline-socket-address": "10.1.1.1" },
    });
    expect(other.status).toBe(200);
    const spoofed = await call(health.GET, "GET", "/api/v1/health", {
      headers: { "x-forwarded-for": "10.2.2.2" },
    });
    expect(spoofed.status).toBe(429);
  });

  it("gives a signed-in user their own budget of RATE_LIMIT_USER_PER_MINUTE", async () => {
    useEnv({ RATE_LIMIT_ANON_PER_MINUTE: "3", RATE_LIMIT_USER_PER_MINUTE: "5" });
    const admin = await makeUser("ADMIN");
    const token = await tokenFor(admin.user);
    for (let i = 0; i < 3; i++) await call(health.GET, "GET", "/api/v1/health");
    expect((await call(health.GET, "GET", "/api/v1/health")).status).toBe(429);

    for (let i = 0; i < 5; i++) {
      const res = await call(usersRoute.GET, "GET", "/api/v1/users", { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("5");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(4 - i));
    }
    const limited = await call(usersRoute.GET, "GET", "/api/v1/users", { token });
    expectRateLimited(limited);
    expect(limited.headers.get("retry-after")).not.toBeNull();

    const other = await makeUser("CUSTOMER");
    const otherRes = await call(
      userRoute.GET,
      "GET",
      `/api/v1/users/${other.userId}`,
      { token: await tokenFor(other.user) },
      { userId: other.userId },
    );
    expect(otherRes.status).toBe(200);
  });

  it("one budget covers the CRM, export and report routes too: 429 with Retry-After once spent", async () => {
    useEnv({ RATE_LIMIT_USER_PER_MINUTE: "4" });
    const admin = await makeUser("ADMIN");
    const token = await tokenFor(admin.user);
    const routes = [
      () => call(customersRoute.GET, "GET", "/api/v1/customers", { token }),
      () => call(interactionsRoute.GET, "GET", "/api/v1/interactions", { token }),
      () => call(exportRoute.GET, "GET", "/api/v1/export/customers?format=json", { token }),
      () => call(overviewRoute.GET, "GET", "/api/v1/reports/overview", { token }),
    ];
    for (const [i, request] of routes.entries()) {
      const res = await request();
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("4");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(3 - i));
      expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    }
    const limited = await routes[0]();
    expectRateLimited(limited);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
