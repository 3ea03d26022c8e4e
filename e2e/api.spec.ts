import { expect, test } from "@playwright/test";
import { E2E_ADMIN, uniqueId } from "./fixtures";

// The REST API as a client sees it through the production server (rewrites, headers, errors).

test("the first seed's /crm/api/v1 paths answer like /api/v1", async ({ request }) => {
  const health = await request.get("/crm/api/v1/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });

  const signin = await request.post("/crm/api/v1/auth/signin", { data: E2E_ADMIN });
  expect(signin.status()).toBe(200);
  const { userDetails } = await signin.json();
  expect(userDetails.userType).toBe("ADMIN");

  const users = await request.get("/crm/api/v1/users?userType=ADMIN", {
    headers: { "x-access-token": userDetails.token },
  });
  expect(users.status()).toBe(200);
  expect(users.headers()["ratelimit-limit"]).toBeDefined();
  const body = await users.json();
  expect(body.data.some((u: { userId: string }) => u.userId === E2E_ADMIN.userId)).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/password|scrypt\$/i);
});

test("a token stops working the moment its user is rejected", async ({ request }) => {
  const userId = uniqueId("tok");
  const password = "Token#2026x";
  const signup = await request.post("/api/v1/auth/signup", {
    data: { userId, name: "Toby Token", email: `${userId}@example.test`, password },
  });
  expect(signup.status()).toBe(201);
  const token = (
    await (await request.post("/api/v1/auth/signin", { data: { userId, password } })).json()
  ).userDetails.token;
  expect(
    (
      await request.get(`/api/v1/users/${userId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status(),
  ).toBe(200);

  const admin = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token;
  const reject = await request.patch(`/api/v1/users/${userId}`, {
    headers: { authorization: `Bearer ${admin}` },
    data: { userStatus: "REJECTED" },
  });
  expect(reject.status()).toBe(200);

  const after = await request.get(`/api/v1/users/${userId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("UNAUTHENTICATED");
});

test("bad input answers 4xx with the error shape, never 5xx", async ({ request }) => {
  const malformed = await request.post("/api/v1/auth/signup", {
    headers: { "content-type": "application/json" },
    data: "{not json",
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("VALIDATION");

  const wrongType = await request.post("/api/v1/auth/signup", {
    headers: { "content-type": "text/plain" },
    data: "hello",
  });
  expect(wrongType.status()).toBe(415);

  const huge = await request.post("/api/v1/auth/signup", {
    data: { userId: "x".repeat(2_000_000) },
  });
  expect(huge.status()).toBe(413);

  const unknown = await request.get("/api/v1/no-such-thing");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("NOT_FOUND");

  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  expect((await openapi.json()).openapi).toBe("3.1.0");
});
