import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as catchAll from "@/app/api/v1/[...path]/route";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as signup from "@/app/api/v1/auth/signup/route";
import * as health from "@/app/api/v1/health/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { implementedMethods } from "@/lib/http/route-methods";
import { resetEnvForTesting } from "@/lib/env";
import { findUserByUserId } from "@/lib/users/find-user";
import { call, makeUser, PASSWORD, tokenFor } from "../helpers";

const SIGNUP_URL = "http://localhost/api/v1/auth/signup";
const noParams = { params: Promise.resolve({}) };
const validSignup = {
  userId: "alice",
  name: "Alice",
  email: "alice@example.test",
  password: PASSWORD,
};

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

function expectError(
  res: { status: number; json: { error: { code: string } } },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.json.error).toMatchObject({ code, message: expect.any(String) });
}

/** A streamed body with no Content-Length, delivered in chunks. */
function streamOf(text: string, chunkSize = 256) {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

describe("request bodies", () => {
  it("answers 400 with the error shape for malformed JSON", async () => {
    const res = await call(signup.POST, "POST", "/api/v1/auth/signup", {
      rawBody: '{"userId": "alice",',
      headers: { "content-type": "application/json" },
    });
    expectError(res, 400, "VALIDATION");
    expect(res.json.error.details).toEqual({ _: [expect.any(String)] });
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonp"])(
    "answers 415 for a %s body",
    async (type) => {
      const res = await call(signup.POST, "POST", "/api/v1/auth/signup", {
        rawBody: JSON.stringify(validSignup),
        headers: { "content-type": type },
      });
      expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
      expect(await findUserByUserId("alice")).toBeUndefined();
    },
  );

  it("accepts application/json with a charset and a +json type", async () => {
    for (const [i, type] of [
      "application/json; charset=utf-8",
      "application/merge-patch+json",
    ].entries()) {
      const body = { ...validSignup, userId: `alice${i}`, email: `alice${i}@example.test` };
      const res = await call(signup.POST, "POST", "/api/v1/auth/signup", {
        body,
        headers: { "content-type": type },
      });
      expect(res.status).toBe(201);
    }
  });

  it("answers 413 for a body over MAX_BODY_BYTES with a Content-Length header", async () => {
    useEnv({ MAX_BODY_BYTES: "1000" });
    const big = JSON.stringify({ ...validSignup, name: "x".repeat(2000) });
    const res = await call(signup.POST, "POST", "/api/v1/auth/signup", {
      rawBody: big,
      headers: { "content-type": "application/json", "content-length": String(big.length) },
    });
    expectError(res, 413, "PAYLOAD_TOO_LARGE");
    // The declared length alone is enough: a small body claiming to be large is refused unread.
    const small = JSON.stringify(validSignup);
    const claimed = await call(signup.POST, "POST", "/api/v1/auth/signup", {
      rawBody: small,
      headers: { "content-type": "application/json", "content-length": "5000" },
    });
    expectError(claimed, 413, "PAYLOAD_TOO_LARGE");
    expect(await findUserByUserId("alice")).toBeUndefined();
  });

  it("answers 413 for a streamed body over MAX_BODY_BYTES without a Content-Length", async () => {
    useEnv({ MAX_BODY_BYTES: "1000" });
    const big = JSON.stringify({ ...validSignup, name: "x".repeat(5000) });
    const req = new Request(SIGNUP_URL, {
      method: "POST",
      body: streamOf(big),
      duplex: "half",
      headers: { "content-type": "application/json", "x-caseline-socket-address": "127.0.0.1" },
    } as RequestInit & { duplex: "half" });
    expect(req.headers.get("content-length")).toBeNull();
    const res = await signup.POST(req, noParams);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await findUserByUserId("alice")).toBeUndefined();
  });

  it("answers 413 when a body is larger than its Content-Length claims", async () => {
    useEnv({ MAX_BODY_BYTES: "1000" });
    const big = JSON.stringify({ ...validSignup, name: "x".repeat(5000) });
    const res = await call(signup.POST, "POST", "/api/v1/auth/signup", {
      rawBody: big,
      headers: { "content-type": "application/json", "content-length": "100" },
    });
    expect(res.status).toBe(413);
  });

  it("accepts a streamed body under the limit", async () => {
    useEnv({ MAX_BODY_BYTES: "1000" });
    const req = new Request(SIGNUP_URL, {
      method: "POST",
      body: streamOf(JSON.stringify(validSignup), 16),
      duplex: "half",
      headers: { "content-type": "application/json", "x-caseline-socket-address": "127.0.0.1" },
    } as RequestInit & { duplex: "half" });
    expect((await signup.POST(req, noParams)).status).toBe(201);
  });

  it.each([
    ["a number userId", { ...validSignup, userId: 123 }, "userId"],
    ["a null password", { ...validSignup, password: null }, "password"],
    ["an object name", { ...validSignup, name: { first: "A" } }, "name"],
    ["an array email", { ...validSignup, email: ["a@example.test"] }, "email"],
  ])("answers 400, not 500, for %s at sign-up", async (_label, body, field) => {
    const res = await call(signup.POST, "POST", "/api/v1/auth/signup", { body });
    expectError(res, 400, "VALIDATION");
    expect(Object.keys(res.json.error.details)).toEqual([field]);
  });

  it.each([
    ["an array", [validSignup]],
    ["a string", "hello"],
    ["a number", 42],
    ["null", null],
  ])("answers 400, not 500, for %s as the whole body", async (_label, body) => {
    for (const handler of [signup.POST, signin.POST]) {
      const res = await call(handler, "POST", "/api/v1/auth/x", {
        rawBody: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });
      expectError(res, 400, "VALIDATION");
    }
  });

  it("answers 400, not 500, for wrong types at sign-in and update", async () => {
    const signinRes = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId: 123, password: null },
    });
    expectError(signinRes, 400, "VALIDATION");
    const me = await makeUser("CUSTOMER");
    const update = await call(
      userRoute.PATCH,
      "PATCH",
      `/api/v1/users/${me.userId}`,
      {
        token: await tokenFor(me.user),
        body: { name: 5, phone: true },
      },
      { userId: me.userId },
    );
    expectError(update, 400, "VALIDATION");
    expect(Object.keys(update.json.error.details).sort()).toEqual(["name", "phone"]);
  });

  it("answers 400 for a missing body where one is required", async () => {
    const res = await call(signup.POST, "POST", "/api/v1/auth/signup");
    expectError(res, 400, "VALIDATION");
  });
});

describe("fixed routes", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)(
    "answers %s on an unknown /api/v1 path with a JSON 404",
    async (method) => {
      const res = await call(catchAll[method], method, "/api/v1/no/such/thing", {}, {
        path: "no/such/thing",
      } as never);
      expectError(res, 404, "NOT_FOUND");
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(res.json.error.message).toContain("/api/v1/no/such/thing");
    },
  );

  it("GET /health answers 200 with the database ok, anonymously", async () => {
    const res = await call(health.GET, "GET", "/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", database: "ok" });
  });

  it("GET /openapi.json documents every route handler under app/api/v1, method by method", async () => {
    const res = await call(openapi.GET, "GET", "/api/v1/openapi.json");
    const root = path.resolve("app/api/v1");
    const routes = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith("route.ts"))
      .map((f) => path.dirname(f).split(path.sep).join("/"))
      .filter((dir) => !dir.startsWith("[..."));
    expect(routes.length).toBeGreaterThan(15);
    for (const dir of routes) {
      const docPath = `/${dir.replace(/\[(\w+)\]/g, "{$1}")}`;
      const handlers = await import(`@/app/api/v1/${dir}/route`);
      const methods = implementedMethods(handlers);
      expect(res.json.paths, docPath).toHaveProperty([docPath]);
      expect(Object.keys(res.json.paths[docPath]).sort(), docPath).toEqual(
        methods.map((m) => m.toLowerCase()).sort(),
      );
    }
  });

  it("GET /openapi.json answers an OpenAPI 3.1 document of the users API", async () => {
    const res = await call(openapi.GET, "GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    for (const path of [
      "/auth/signup",
      "/auth/signin",
      "/auth/password",
      "/users",
      "/users/{userId}",
      "/health",
    ]) {
      expect(res.json.paths).toHaveProperty([path]);
    }
    expect(Object.keys(res.json.paths["/users/{userId}"]).sort()).toEqual([
      "delete",
      "get",
      "patch",
      "put",
    ]);
    expect(res.json.components.schemas).toHaveProperty("User");
    expect(res.json.components.schemas).toHaveProperty("Error");
    expect(Object.keys(res.json.components.schemas.User.properties)).not.toContain("passwordHash");
    const signupBody =
      res.json.paths["/auth/signup"].post.requestBody.content["application/json"].schema;
    expect(signupBody.required).toEqual(
      expect.arrayContaining(["userId", "name", "email", "password"]),
    );
    expect(res.json.paths["/users"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["limit", "cursor", "userType", "userStatus", "q"]),
    );
  });
});
