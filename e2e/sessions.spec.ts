import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN, PASSWORD, signIn, uniqueId } from "./fixtures";

/** Issue 9: sessions follow the account in a real browser (items 4 and 5). */
async function tokenOf(request: APIRequestContext, userId: string, password: string) {
  const res = await request.post("/api/v1/auth/signin", { data: { userId, password } });
  expect(res.status(), `sign in ${userId}`).toBe(200);
  return (await res.json()).userDetails.token as string;
}

async function newUser(request: APIRequestContext, userType: "ENGINEER" | "CUSTOMER") {
  const userId = uniqueId(userType === "ENGINEER" ? "eng" : "cus");
  const signup = await request.post("/api/v1/auth/signup", {
    data: {
      userId,
      name: `Session ${userId}`,
      email: `${userId}@example.test`,
      password: PASSWORD,
      userType,
    },
  });
  expect(signup.status()).toBe(201);
  return userId;
}

async function setUser(request: APIRequestContext, userId: string, data: object) {
  const admin = await tokenOf(request, E2E_ADMIN.userId, E2E_ADMIN.password);
  const res = await request.patch(`/api/v1/users/${userId}`, {
    headers: { authorization: `Bearer ${admin}` },
    data,
  });
  expect(res.status()).toBe(200);
}

test("an engineer made a customer while signed in lands on sign-in, then on their new home: no redirect loop", async ({
  page,
  request,
}) => {
  const userId = await newUser(request, "ENGINEER");
  await setUser(request, userId, { userStatus: "APPROVED" });
  await signIn(page, userId);
  await expect(page).toHaveURL(/\/engineer$/);

  await setUser(request, userId, { userType: "CUSTOMER" });
  // page.goto throws on ERR_TOO_MANY_REDIRECTS; each of these must settle on a page.
  for (const path of ["/engineer", "/customer", "/dashboard"]) {
    const res = await page.goto(path);
    expect(res?.status()).toBeLessThan(400);
    await expect(page).toHaveURL(/\/signin(\?|$)/);
  }
  await signIn(page, userId);
  await expect(page).toHaveURL(/\/customer$/);
  await page.goto("/engineer");
  await expect(page).toHaveURL(/\/customer$/);
});

test("after sign-out, a copy of the session cookie no longer signs anyone in", async ({
  browser,
  request,
}) => {
  const userId = await newUser(request, "CUSTOMER");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, userId);
  await expect(page).toHaveURL(/\/customer$/);
  const copied = await context.cookies();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/customer");
  await expect(stolen).toHaveURL(/\/signin/);
  await expect(stolen.getByRole("button", { name: "Sign in" })).toBeVisible();
  await thief.close();
  await context.close();
});

test("?next= pointing off-site (/\\evil.example, control characters) keeps the user on this site", async ({
  page,
  request,
  baseURL,
}) => {
  const userId = await newUser(request, "CUSTOMER");
  for (const next of ["/%5Cevil.example", "/%09/evil.example", "//evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/signin?next=${next}`);
    await page.getByLabel("User ID or email").fill(userId);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/customer$/);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  }
});
