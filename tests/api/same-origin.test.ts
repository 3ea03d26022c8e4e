import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as ticketsRoute from "@/app/api/v1/tickets/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import type { User } from "@/db/schema";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { env, resetEnvForTesting } from "@/lib/env";
import { call, makeUser, tokenFor } from "../helpers";
import { ticketCount } from "../ticket-kit";

/**
 * Issue 9 §5: a request authenticated by the browser's session cookie that changes something must
 * come from this site (CSRF). Bearer-token clients are not affected; neither are reads.
 */

const COOKIE = "authjs.session-token";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetRateLimitsForTesting();
});

async function cookieOf(user: User) {
  const value = await encode({
    salt: COOKIE,
    secret: env().AUTH_SECRET,
    token: { sub: String(user.id), sv: user.sessionVersion, role: user.userType },
  });
  return `${COOKIE}=${value}`;
}

let seq = 0;
const ticketBody = () => {
  seq += 1;
  return { title: `Same-origin check ${seq}`, description: "The printer is on fire again." };
};

const createTicket = (headers: Record<string, string>, token?: string) =>
  call(ticketsRoute.POST, "POST", "/api/v1/tickets", { body: ticketBody(), headers, token });

function expectRefused(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBe(403);
  expect(res.json).toEqual({ error: { code: "FORBIDDEN", message: expect.any(String) } });
  expect(res.json.error.message).toMatch(/another site/);
}

describe("Origin on cookie-authenticated API calls", () => {
  it("refuses a change with no Origin, a foreign Origin or Sec-Fetch-Site: cross-site, and changes nothing", async () => {
    const { user } = await makeUser("CUSTOMER");
    const cookie = await cookieOf(user);
    const before = await ticketCount();
    expectRefused(await createTicket({ cookie }));
    expectRefused(await createTicket({ cookie, origin: "https://evil.example" }));
    expectRefused(await createTicket({ cookie, origin: "null" }));
    expectRefused(await createTicket({ cookie, origin: "http://localhost.evil.example" }));
    expectRefused(
      await createTicket({ cookie, origin: "http://localhost", "sec-fetch-site": "cross-site" }),
    );
    expectRefused(
      await createTicket({ cookie, origin: "http://localhost", "sec-fetch-site": "same-site" }),
    );
    const patch = await call(
      userRoute.PATCH,
      "PATCH",
      `/api/v1/users/${user.userId}`,
      { body: { name: "Renamed By Evil" }, headers: { cookie, origin: "https://evil.example" } },
      { userId: user.userId },
    );
    expectRefused(patch);
    expect(await ticketCount()).toBe(before);
  });

  it("lets a same-origin change through: the request's own origin, its Host, or APP_URL", async () => {
    vi.stubEnv("APP_URL", "https://help.example.test");
    resetEnvForTesting();
    const { user } = await makeUser("CUSTOMER");
    const cookie = await cookieOf(user);
    const before = await ticketCount();
    const own = await createTicket({
      cookie,
      origin: "http://localhost",
      "sec-fetch-site": "same-origin",
    });
    expect(own.status, own.text).toBe(201);
    const appUrl = await createTicket({ cookie, origin: "https://help.example.test" });
    expect(appUrl.status, appUrl.text).toBe(201);
    const host = await createTicket({
      cookie,
      origin: "http://caseline.internal:8080",
      host: "caseline.internal:8080",
    });
    expect(host.status, host.text).toBe(201);
    expect(await ticketCount()).toBe(before + 3);
  });

  it("leaves reads and bearer-token clients alone", async () => {
    const { user } = await makeUser("CUSTOMER");
    const cookie = await cookieOf(user);
    const read = await call(
      userRoute.GET,
      "GET",
      `/api/v1/users/${user.userId}`,
      { headers: { cookie, origin: "https://evil.example" } },
      { userId: user.userId },
    );
    expect(read.status).toBe(200);
    const token = await tokenFor(user);
    const bearer = await createTicket({ origin: "https://evil.example" }, token);
    expect(bearer.status, bearer.text).toBe(201);
    const noOrigin = await createTicket({}, token);
    expect(noOrigin.status, noOrigin.text).toBe(201);
  });
});
