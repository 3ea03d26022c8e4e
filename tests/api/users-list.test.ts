import { describe, expect, it } from "vitest";
import * as usersRoute from "@/app/api/v1/users/route";
import type { UserType } from "@/db/schema";
import { deleteUser } from "@/lib/users/delete-user";
import { signUp } from "@/lib/users/sign-up";
import { call, makeUser, PASSWORD, tokenFor, userIdsOf } from "../helpers";

const list = (token: string | undefined, query = "") =>
  call(usersRoute.GET, "GET", `/api/v1/users${query}`, { token });

async function adminToken() {
  return tokenFor((await makeUser("ADMIN")).user);
}

async function signUpAs(
  userId: string,
  extra: { name?: string; email?: string; company?: string; userType?: UserType } = {},
) {
  await signUp({
    userId,
    name: extra.name ?? `Person ${userId}`,
    email: extra.email ?? `${userId}@example.test`,
    password: PASSWORD,
    userType: extra.userType === "ENGINEER" ? "ENGINEER" : "CUSTOMER",
    company: extra.company ?? null,
    phone: null,
  });
}

describe("GET /users: who may list", () => {
  it("answers 401 to an anonymous caller", async () => {
    const res = await list(undefined);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("UNAUTHENTICATED");
  });

  it.each(["CUSTOMER", "ENGINEER"] as const)("answers 403 to an approved %s", async (role) => {
    const { user } = await makeUser(role);
    const res = await list(await tokenFor(user));
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(res.json.data).toBeUndefined();
  });

  it("lists every user, newest first, for an admin, as {data, nextCursor}", async () => {
    const token = await adminToken();
    const c = await makeUser("CUSTOMER");
    const e = await makeUser("ENGINEER", "PENDING");
    const res = await list(token);
    expect(res.status).toBe(200);
    expect(res.json.nextCursor).toBeNull();
    expect(userIdsOf(res.json)).toEqual([e.userId, c.userId, expect.stringMatching(/^admin/)]);
    expect(res.json.data[0]).toMatchObject({ userType: "ENGINEER", userStatus: "PENDING" });
  });
});

describe("GET /users: filters", () => {
  it("filters by userType and by userStatus, alone and together", async () => {
    const token = await adminToken();
    const pendingEng = await makeUser("ENGINEER", "PENDING");
    const approvedEng = await makeUser("ENGINEER", "APPROVED");
    const rejectedCust = await makeUser("CUSTOMER", "REJECTED");
    const cust = await makeUser("CUSTOMER");

    expect(userIdsOf((await list(token, "?userType=ENGINEER")).json)).toEqual([
      approvedEng.userId,
      pendingEng.userId,
    ]);
    expect(userIdsOf((await list(token, "?userStatus=REJECTED")).json)).toEqual([
      rejectedCust.userId,
    ]);
    expect(userIdsOf((await list(token, "?userType=CUSTOMER&userStatus=APPROVED")).json)).toEqual([
      cust.userId,
    ]);
    expect(userIdsOf((await list(token, "?userType=ENGINEER&userStatus=PENDING")).json)).toEqual([
      pendingEng.userId,
    ]);
  });

  it("answers 400 for an unknown userType or userStatus", async () => {
    const token = await adminToken();
    const badType = await list(token, "?userType=BOSS");
    expect(badType.status).toBe(400);
    expect(Object.keys(badType.json.error.details)).toEqual(["userType"]);
    const badStatus = await list(token, "?userStatus=approved");
    expect(badStatus.status).toBe(400);
    expect(Object.keys(badStatus.json.error.details)).toEqual(["userStatus"]);
  });

  it("searches q in userId, name, email and company, ignoring case", async () => {
    const token = await adminToken();
    await signUpAs("zebra-id");
    await signUpAs("byname", { name: "Walter Zebrowski" });
    await signUpAs("bymail", { email: "stripes.zebra@example.test" });
    await signUpAs("bycompany", { company: "ZEBRA Logistics" });
    await signUpAs("unrelated", { name: "Nobody", company: "Acme" });

    const res = await list(token, "?q=zEbR");
    expect(userIdsOf(res.json).sort()).toEqual(["bycompany", "bymail", "byname", "zebra-id"]);
    expect(userIdsOf((await list(token, "?q=acme")).json)).toEqual(["unrelated"]);
    expect((await list(token, "?q=nothing-matches-this")).json).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it("treats % and _ in q as literal characters, not wildcards", async () => {
    const token = await adminToken();
    await signUpAs("percent", { name: "100% sure" });
    await signUpAs("nopercent", { name: "100 sure" });
    await signUpAs("under_score");
    await signUpAs("underXscore");
    await signUpAs("backslash", { company: "Back\\slash Ltd" });

    expect(userIdsOf((await list(token, `?q=${encodeURIComponent("%")}`)).json)).toEqual([
      "percent",
    ]);
    expect(userIdsOf((await list(token, `?q=${encodeURIComponent("0% s")}`)).json)).toEqual([
      "percent",
    ]);
    expect(userIdsOf((await list(token, "?q=under_score")).json)).toEqual(["under_score"]);
    expect(userIdsOf((await list(token, "?q=_")).json)).toEqual(["under_score"]);
    expect(userIdsOf((await list(token, `?q=${encodeURIComponent("k\\s")}`)).json)).toEqual([
      "backslash",
    ]);
  });

  it("combines q with the other filters", async () => {
    const token = await adminToken();
    await signUpAs("acme-cust", { company: "Acme" });
    await signUpAs("acme-eng", { name: "Acme Engineer", userType: "ENGINEER" });
    expect(userIdsOf((await list(token, "?q=acme&userType=ENGINEER")).json)).toEqual(["acme-eng"]);
  });

  it("does not list deleted users", async () => {
    const admin = await makeUser("ADMIN");
    const gone = await makeUser("CUSTOMER");
    await deleteUser(admin.actor, gone.userId);
    const res = await list(await tokenFor(admin.user));
    expect(userIdsOf(res.json)).toEqual([admin.userId]);
  });
});

describe("GET /users: pagination", () => {
  it("returns every user exactly once across pages, nextCursor null at the end", async () => {
    const token = await adminToken();
    for (let i = 0; i < 11; i++) await makeUser(i % 2 ? "ENGINEER" : "CUSTOMER");
    const all = userIdsOf((await list(token, "?limit=100")).json);
    expect(all).toHaveLength(12);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await list(token, query);
      expect(res.status).toBe(200);
      seen.push(...userIdsOf(res.json));
      pageSizes.push(res.json.data.length);
      cursor = res.json.nextCursor;
    } while (cursor && seen.length <= 100);

    expect(pageSizes).toEqual([5, 5, 2]);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(12);
  });

  it("answers nextCursor null when the last page is exactly full", async () => {
    const token = await adminToken();
    await makeUser("CUSTOMER");
    const first = await list(token, "?limit=1");
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await list(token, `?limit=1&cursor=${first.json.nextCursor}`);
    expect(second.json.data).toHaveLength(1);
    expect(second.json.nextCursor).toBeNull();
  });

  it("keeps the filters across pages", async () => {
    const token = await adminToken();
    for (let i = 0; i < 3; i++) await makeUser("ENGINEER");
    for (let i = 0; i < 3; i++) await makeUser("CUSTOMER");
    const first = await list(token, "?userType=ENGINEER&limit=2");
    const second = await list(token, `?userType=ENGINEER&limit=2&cursor=${first.json.nextCursor}`);
    const types = [...first.json.data, ...second.json.data].map(
      (u: { userType: string }) => u.userType,
    );
    expect(types).toEqual(["ENGINEER", "ENGINEER", "ENGINEER"]);
    expect(second.json.nextCursor).toBeNull();
  });

  it("defaults to 20 a page", async () => {
    const token = await adminToken();
    for (let i = 0; i < 20; i++) await makeUser("CUSTOMER");
    const res = await list(token);
    expect(res.json.data).toHaveLength(20);
    expect(res.json.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=-5", "limit"],
    ["limit=ten", "limit"],
    ["limit=2.5", "limit"],
    ["cursor=garbage", "cursor"],
    [`cursor=${Buffer.from('"x"').toString("base64url")}`, "cursor"],
    [`cursor=${"a".repeat(201)}`, "cursor"],
  ])("answers 400 with details for %s", async (query, field) => {
    const res = await list(await adminToken(), `?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(Object.keys(res.json.error.details)).toEqual([field]);
  });

  it("accepts limit=1 and limit=100", async () => {
    const token = await adminToken();
    expect((await list(token, "?limit=1")).status).toBe(200);
    expect((await list(token, "?limit=100")).status).toBe(200);
  });
});

describe("GET /users from the admin's filter form", () => {
  it("treats empty filters (the form's 'All' options) as no filter", async () => {
    const admin = await adminToken();
    await makeUser("ENGINEER", "PENDING");
    const res = await call(usersRoute.GET, "GET", "/api/v1/users?q=&userType=&userStatus=", {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.json.data.length).toBeGreaterThanOrEqual(2);
  });
});
