import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as signup from "@/app/api/v1/auth/signup/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { approvedAdminCount, findUserByUserId } from "@/lib/users/find-user";
import { call, makeUser, PASSWORD, tokenFor } from "../helpers";

const put = (token: string, userId: string, body: unknown) =>
  call(userRoute.PUT, "PUT", `/api/v1/users/${userId}`, { token, body }, { userId });
const del = (token: string, userId: string) =>
  call(userRoute.DELETE, "DELETE", `/api/v1/users/${userId}`, { token }, { userId });
const get = (token: string, userId: string) =>
  call(userRoute.GET, "GET", `/api/v1/users/${userId}`, { token }, { userId });
const createAdmin = (token: string | undefined, body: unknown) =>
  call(usersRoute.POST, "POST", "/api/v1/users", { token, body });
const signIn = (userId: string, password = PASSWORD) =>
  call(signin.POST, "POST", "/api/v1/auth/signin", { body: { userId, password } });
const signUp = (body: unknown) => call(signup.POST, "POST", "/api/v1/auth/signup", { body });

let sly = 0;
const uniqueUserId = () => `sly${++sly}`;

const newAdmin = {
  userId: "second-admin",
  name: "Second Admin",
  email: "Second@Example.test",
  password: "An0ther!admin",
};

describe("the last approved admin", () => {
  it.each([
    ["demoted to CUSTOMER", { userType: "CUSTOMER" }],
    ["demoted to ENGINEER", { userType: "ENGINEER" }],
    ["rejected", { userStatus: "REJECTED" }],
    ["set back to PENDING", { userStatus: "PENDING" }],
  ])("can't be %s (409), and stays an approved admin", async (_label, body) => {
    const admin = await makeUser("ADMIN");
    const res = await put(await tokenFor(admin.user), admin.userId, body);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("CONFLICT");
    expect(res.json.error.message).toMatch(/last approved admin/i);
    expect(await findUserByUserId(admin.userId)).toMatchObject({
      userType: "ADMIN",
      userStatus: "APPROVED",
    });
  });

  it("can't be deleted (409)", async () => {
    const admin = await makeUser("ADMIN");
    const res = await del(await tokenFor(admin.user), admin.userId);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("CONFLICT");
    expect((await signIn(admin.userId)).status).toBe(200);
  });

  it("does not count a PENDING or REJECTED admin as a second approved admin", async () => {
    const admin = await makeUser("ADMIN");
    await makeUser("ADMIN", "PENDING");
    await makeUser("ADMIN", "REJECTED");
    const token = await tokenFor(admin.user);
    expect((await put(token, admin.userId, { userType: "CUSTOMER" })).status).toBe(409);
    expect((await del(token, admin.userId)).status).toBe(409);
  });

  it("can be demoted once a second admin is approved", async () => {
    const first = await makeUser("ADMIN");
    const token = await tokenFor(first.user);
    const second = await makeUser("CUSTOMER");
    await put(token, second.userId, { userType: "ADMIN" });
    // Promoted but still PENDING: the first admin is still the last approved one.
    expect((await put(token, first.userId, { userType: "ENGINEER" })).status).toBe(409);

    await put(token, second.userId, { userStatus: "APPROVED" });
    const demote = await put(token, first.userId, { userType: "ENGINEER" });
    expect(demote.status).toBe(200);
    expect(demote.json.user).toMatchObject({ userType: "ENGINEER", userStatus: "APPROVED" });
    expect(await approvedAdminCount()).toBe(1);
  });

  it("can be rejected once a second approved admin exists, and then not the other", async () => {
    const first = await makeUser("ADMIN");
    const second = await makeUser("ADMIN");
    const secondToken = await tokenFor(second.user);
    expect((await put(secondToken, first.userId, { userStatus: "REJECTED" })).status).toBe(200);
    expect((await signIn(first.userId)).status).toBe(403);
    expect((await put(secondToken, second.userId, { userStatus: "REJECTED" })).status).toBe(409);
  });

  it("can be deleted once a second approved admin exists", async () => {
    const first = await makeUser("ADMIN");
    const second = await makeUser("ADMIN");
    expect((await del(await tokenFor(second.user), first.userId)).status).toBe(200);
    expect((await del(await tokenFor(second.user), second.userId)).status).toBe(409);
    expect(await approvedAdminCount()).toBe(1);
  });
});

describe("POST /users (create an admin)", () => {
  it("lets an admin create another admin, approved at once, who can sign in", async () => {
    const admin = await makeUser("ADMIN");
    const res = await createAdmin(await tokenFor(admin.user), newAdmin);
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({
      userId: "second-admin",
      email: "second@example.test",
      userType: "ADMIN",
      userStatus: "APPROVED",
    });
    expect(res.text).not.toContain(newAdmin.password);
    const signedIn = await signIn("second-admin", newAdmin.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.json.userDetails.userType).toBe("ADMIN");
  });

  it.each(["CUSTOMER", "ENGINEER"] as const)(
    "answers 403 to a %s and creates nothing",
    async (role) => {
      const { user } = await makeUser(role);
      const res = await createAdmin(await tokenFor(user), newAdmin);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("FORBIDDEN");
      expect(await findUserByUserId("second-admin")).toBeUndefined();
    },
  );

  it("answers 401 to an anonymous caller", async () => {
    expect((await createAdmin(undefined, newAdmin)).status).toBe(401);
    expect(await findUserByUserId("second-admin")).toBeUndefined();
  });

  it("answers 409 for a taken userId or email", async () => {
    const admin = await makeUser("ADMIN");
    const token = await tokenFor(admin.user);
    expect((await createAdmin(token, newAdmin)).status).toBe(201);
    const sameId = await createAdmin(token, {
      ...newAdmin,
      userId: "SECOND-ADMIN",
      email: "x@example.test",
    });
    expect(sameId.status).toBe(409);
    expect(Object.keys(sameId.json.error.details)).toEqual(["userId"]);
    const sameEmail = await createAdmin(token, { ...newAdmin, userId: "third-admin" });
    expect(sameEmail.status).toBe(409);
    expect(Object.keys(sameEmail.json.error.details)).toEqual(["email"]);
  });

  it("applies the password policy", async () => {
    const admin = await makeUser("ADMIN");
    const res = await createAdmin(await tokenFor(admin.user), {
      ...newAdmin,
      password: "weakpass",
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.password).toContain("Add a digit");
  });
});

describe("DELETE /users/:userId", () => {
  it("lets an admin delete a user: sign-in fails, GET is 404, tokens stop", async () => {
    const admin = await makeUser("ADMIN");
    const adminToken = await tokenFor(admin.user);
    const victim = await makeUser("CUSTOMER");
    const victimToken = await tokenFor(victim.user);

    const res = await del(adminToken, victim.userId);
    expect(res.status).toBe(200);
    expect(res.json.message).toEqual(expect.any(String));

    const signInRes = await signIn(victim.userId);
    expect(signInRes.status).toBe(401);
    expect((await signIn(victim.user.email)).status).toBe(401);
    expect((await get(adminToken, victim.userId)).status).toBe(404);
    expect((await get(victimToken, victim.userId)).status).toBe(401);
    expect((await del(adminToken, victim.userId)).status).toBe(404);
    expect((await put(adminToken, victim.userId, { name: "Ghost" })).status).toBe(404);
  });

  it("frees the email for a new sign-up but keeps the userId taken", async () => {
    const admin = await makeUser("ADMIN");
    const victim = await makeUser("CUSTOMER");
    await del(await tokenFor(admin.user), victim.userId);

    const sameId = await signUp({
      userId: victim.userId.toUpperCase(),
      name: "New",
      email: "new@example.test",
      password: PASSWORD,
    });
    expect(sameId.status).toBe(409);
    expect(Object.keys(sameId.json.error.details)).toEqual(["userId"]);

    const sameEmail = await signUp({
      userId: "newcomer",
      name: "New",
      email: victim.user.email,
      password: PASSWORD,
    });
    expect(sameEmail.status).toBe(201);
    expect((await signIn(victim.user.email)).json.userDetails.userId).toBe("newcomer");
  });

  it("lets another user take the deleted user's email by update", async () => {
    const admin = await makeUser("ADMIN");
    const victim = await makeUser("CUSTOMER");
    const other = await makeUser("CUSTOMER");
    await del(await tokenFor(admin.user), victim.userId);
    const res = await put(await tokenFor(other.user), other.userId, { email: victim.user.email });
    expect(res.status).toBe(200);
  });

  it.each(["CUSTOMER", "ENGINEER"] as const)(
    "answers 403 to a %s, even for themselves",
    async (role) => {
      const me = await makeUser(role);
      const other = await makeUser("CUSTOMER");
      const token = await tokenFor(me.user);
      expect((await del(token, other.userId)).status).toBe(403);
      const self = await del(token, me.userId);
      expect(self.status).toBe(403);
      expect(self.json.error.code).toBe("FORBIDDEN");
      expect(await findUserByUserId(other.userId)).toBeDefined();
      expect(await findUserByUserId(me.userId)).toBeDefined();
    },
  );

  it("deletes a user whose old placeholder address another account already holds", async () => {
    const admin = await makeUser("ADMIN");
    const victim = await makeUser("CUSTOMER");
    const squatter = await makeUser("CUSTOMER");
    // The address deletion used to rename a user to, taken first (by sign-up, before it was refused).
    await writeTransaction(async () => {
      await getDb()
        .update(users)
        .set({ email: `deleted-${victim.user.id}@deleted.invalid` })
        .where(eq(users.id, squatter.user.id));
    });
    const res = await del(await tokenFor(admin.user), victim.userId);
    expect(res.status).toBe(200);
    expect(await findUserByUserId(victim.userId)).toBeUndefined();
    expect((await findUserByUserId(squatter.userId))?.email).toBe(
      `deleted-${victim.user.id}@deleted.invalid`,
    );
  });

  it("gives every deleted user an address of their own that no one may sign up with", async () => {
    const admin = await makeUser("ADMIN");
    const adminToken = await tokenFor(admin.user);
    const a = await makeUser("CUSTOMER");
    const b = await makeUser("CUSTOMER");
    expect((await del(adminToken, a.userId)).status).toBe(200);
    expect((await del(adminToken, b.userId)).status).toBe(200);
    const placeholders = (
      await getDb()
        .select({ email: users.email })
        .from(users)
        .where(inArray(users.id, [a.user.id, b.user.id]))
    ).map((r) => r.email);
    expect(new Set(placeholders).size).toBe(2);
    for (const email of placeholders) {
      expect(email).toMatch(/@deleted\.invalid$/);
      const taken = await signUp({
        userId: uniqueUserId(),
        name: "Sly",
        email,
        password: PASSWORD,
      });
      expect(taken.status).toBe(400);
      expect(taken.json.error.details.email).toEqual(["Enter an address that can receive email"]);
      const moved = await put(adminToken, admin.userId, { email });
      expect(moved.status).toBe(400);
    }
  });

  it("answers 404 for an unknown user", async () => {
    const admin = await makeUser("ADMIN");
    expect((await del(await tokenFor(admin.user), "never-existed")).status).toBe(404);
  });
});
