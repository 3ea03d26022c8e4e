import { describe, expect, it } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { findUserByUserId } from "@/lib/users/find-user";
import { call, makeUser, PASSWORD, tokenFor } from "../helpers";

type Method = "PUT" | "PATCH";
const METHODS: Method[] = ["PUT", "PATCH"];

const getUser = (token: string, userId: string) =>
  call(userRoute.GET, "GET", `/api/v1/users/${userId}`, { token }, { userId });

const update = (method: Method, token: string, userId: string, body: unknown) =>
  call(userRoute[method], method, `/api/v1/users/${userId}`, { token, body }, { userId });

const signIn = (userId: string) =>
  call(signin.POST, "POST", "/api/v1/auth/signin", { body: { userId, password: PASSWORD } });

describe("GET /users/:userId", () => {
  it("lets an admin read anyone", async () => {
    const admin = await makeUser("ADMIN");
    const target = await makeUser("ENGINEER", "PENDING");
    const res = await getUser(await tokenFor(admin.user), target.userId);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      userId: target.userId,
      userType: "ENGINEER",
      userStatus: "PENDING",
    });
  });

  it("lets a user read themselves, in any letter case", async () => {
    const me = await makeUser("CUSTOMER");
    const res = await getUser(await tokenFor(me.user), me.userId.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.json.userId).toBe(me.userId);
  });

  it.each(["CUSTOMER", "ENGINEER"] as const)(
    "answers 404 when a %s reads someone else",
    async (role) => {
      const me = await makeUser(role);
      const other = await makeUser("CUSTOMER");
      const res = await getUser(await tokenFor(me.user), other.userId);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("NOT_FOUND");
      expect(res.text).not.toContain(other.user.email);
    },
  );

  it("answers 404 to an admin for an unknown user, and 401 without a token", async () => {
    const admin = await makeUser("ADMIN");
    expect((await getUser(await tokenFor(admin.user), "no-such-user")).status).toBe(404);
    const anonymous = await call(
      userRoute.GET,
      "GET",
      `/api/v1/users/${admin.userId}`,
      {},
      { userId: admin.userId },
    );
    expect(anonymous.status).toBe(401);
  });
});

describe.each(METHODS)("%s /users/:userId by the user themselves", (method) => {
  it("changes name, email, phone and company", async () => {
    const me = await makeUser("CUSTOMER");
    const token = await tokenFor(me.user);
    const res = await update(method, token, me.userId, {
      name: "New Name",
      email: "New.Address@Example.TEST",
      phone: "+44 20 7946 0000",
      company: "Initech",
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({
      userId: me.userId,
      name: "New Name",
      email: "new.address@example.test",
      phone: "+44 20 7946 0000",
      company: "Initech",
      userType: "CUSTOMER",
      userStatus: "APPROVED",
    });
    expect((await getUser(token, me.userId)).json.email).toBe("new.address@example.test");
  });

  it("leaves the fields it was not sent alone", async () => {
    const me = await makeUser("CUSTOMER", "APPROVED", { company: "Acme" });
    const token = await tokenFor(me.user);
    await update(method, token, me.userId, { phone: "+1 555 0100" });
    const res = await update(method, token, me.userId, { name: "Only The Name" });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({
      name: "Only The Name",
      phone: "+1 555 0100",
      company: "Acme",
    });
    expect(await findUserByUserId(me.userId)).toMatchObject({
      phone: "+1 555 0100",
      company: "Acme",
    });
  });

  it("clears phone and company when sent null or empty", async () => {
    const me = await makeUser("CUSTOMER", "APPROVED", { company: "Acme" });
    const res = await update(method, await tokenFor(me.user), me.userId, {
      company: "",
      phone: null,
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ company: null, phone: null });
  });

  it.each([
    { userType: "ADMIN" },
    { userType: "ENGINEER" },
    { userStatus: "APPROVED" },
    { userStatus: "REJECTED" },
  ])("answers 403 to a self-change of %j and changes nothing", async (body) => {
    const me = await makeUser("ENGINEER");
    const res = await update(method, await tokenFor(me.user), me.userId, {
      name: "Sneaky",
      ...body,
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(await findUserByUserId(me.userId)).toMatchObject({
      userType: "ENGINEER",
      userStatus: "APPROVED",
      name: me.user.name,
    });
  });

  it("answers 404 when changing someone else", async () => {
    const me = await makeUser("CUSTOMER");
    const other = await makeUser("CUSTOMER");
    const res = await update(method, await tokenFor(me.user), other.userId, { name: "Hijacked" });
    expect(res.status).toBe(404);
    expect((await findUserByUserId(other.userId))?.name).toBe(other.user.name);
  });

  it("answers 400 for an unknown field, naming it, and changes nothing", async () => {
    const me = await makeUser("CUSTOMER");
    const res = await update(method, await tokenFor(me.user), me.userId, {
      name: "X",
      passwordHash: "scrypt$x",
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(JSON.stringify(res.json.error.details)).toContain("passwordHash");
    expect((await findUserByUserId(me.userId))?.name).toBe(me.user.name);
  });

  it("answers 400 for an empty body", async () => {
    const me = await makeUser("CUSTOMER", "APPROVED", { company: "Acme" });
    const res = await update(method, await tokenFor(me.user), me.userId, {});
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect((await findUserByUserId(me.userId))?.company).toBe("Acme");
  });

  it("answers 400 for an invalid email or a blank name", async () => {
    const me = await makeUser("CUSTOMER");
    const token = await tokenFor(me.user);
    expect(
      (await update(method, token, me.userId, { email: "nope" })).json.error.details,
    ).toHaveProperty("email");
    expect(
      (await update(method, token, me.userId, { name: " " })).json.error.details,
    ).toHaveProperty("name");
  });

  it("answers 409 when the new email belongs to someone else, in any case", async () => {
    const me = await makeUser("CUSTOMER");
    const other = await makeUser("CUSTOMER");
    const res = await update(method, await tokenFor(me.user), me.userId, {
      email: other.user.email.toUpperCase(),
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("CONFLICT");
    expect(res.json.error.details).toHaveProperty("email");
    expect((await findUserByUserId(me.userId))?.email).toBe(me.user.email);
  });

  it("accepts re-sending one's own email unchanged", async () => {
    const me = await makeUser("CUSTOMER");
    const res = await update(method, await tokenFor(me.user), me.userId, { email: me.user.email });
    expect(res.status).toBe(200);
  });
});

describe.each(METHODS)("%s /users/:userId by an admin", (method) => {
  it("approves a pending engineer, who can then sign in", async () => {
    const admin = await makeUser("ADMIN");
    const eng = await makeUser("ENGINEER", "PENDING");
    expect((await signIn(eng.userId)).status).toBe(403);
    const res = await update(method, await tokenFor(admin.user), eng.userId, {
      userStatus: "APPROVED",
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ userType: "ENGINEER", userStatus: "APPROVED" });
    expect((await signIn(eng.userId)).status).toBe(200);
  });

  it("rejects a pending engineer, who then gets the rejected 403", async () => {
    const admin = await makeUser("ADMIN");
    const eng = await makeUser("ENGINEER", "PENDING");
    const res = await update(method, await tokenFor(admin.user), eng.userId, {
      userStatus: "REJECTED",
    });
    expect(res.status).toBe(200);
    expect(res.json.user.userStatus).toBe("REJECTED");
    const refused = await signIn(eng.userId);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/rejected/i);
  });

  it("changes another user's role and profile fields", async () => {
    const admin = await makeUser("ADMIN");
    const cust = await makeUser("CUSTOMER");
    const res = await update(method, await tokenFor(admin.user), cust.userId, {
      userType: "ENGINEER",
      name: "Now Staff",
    });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({
      userType: "ENGINEER",
      userStatus: "APPROVED",
      name: "Now Staff",
    });
  });

  it.each(["CUSTOMER", "ENGINEER"] as const)(
    "promotes a %s to ADMIN only as PENDING, even if the body says APPROVED, until approved",
    async (role) => {
      const admin = await makeUser("ADMIN");
      const adminToken = await tokenFor(admin.user);
      const target = await makeUser(role);
      const res = await update(method, adminToken, target.userId, {
        userType: "ADMIN",
        userStatus: "APPROVED",
      });
      expect(res.status).toBe(200);
      expect(res.json.user).toMatchObject({ userType: "ADMIN", userStatus: "PENDING" });
      expect(res.json.message).toMatch(/approv/i);

      const waiting = await signIn(target.userId);
      expect(waiting.status).toBe(403);
      expect(waiting.json.error.message).toMatch(/approv/i);

      const approve = await update(method, adminToken, target.userId, { userStatus: "APPROVED" });
      expect(approve.json.user).toMatchObject({ userType: "ADMIN", userStatus: "APPROVED" });
      const signedIn = await signIn(target.userId);
      expect(signedIn.status).toBe(200);
      expect(signedIn.json.userDetails.userType).toBe("ADMIN");
    },
  );

  it("answers 404 for an unknown user", async () => {
    const admin = await makeUser("ADMIN");
    expect(
      (await update(method, await tokenFor(admin.user), "nobody-at-all", { name: "X" })).status,
    ).toBe(404);
  });

  it("answers 400 for an unknown role or status", async () => {
    const admin = await makeUser("ADMIN");
    const target = await makeUser("CUSTOMER");
    const token = await tokenFor(admin.user);
    expect((await update(method, token, target.userId, { userType: "ROOT" })).status).toBe(400);
    expect((await update(method, token, target.userId, { userStatus: "ACTIVE" })).status).toBe(400);
  });
});
