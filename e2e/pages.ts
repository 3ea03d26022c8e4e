import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { E2E_ADMIN, PASSWORD, signIn, uniqueId } from "./fixtures";

// The portal's pages, per role, with one record of each kind to open: shared by the specs that walk
// every page (every-page, phone layout, accessibility).

export type Role = "customer" | "engineer" | "admin";

/** One of each record, through the API, so the detail pages have something to show. */
export async function world(request: APIRequestContext) {
  const signin = async (userId: string, password: string) => {
    const res = await request.post("/api/v1/auth/signin", { data: { userId, password } });
    expect(res.status(), `sign in ${userId}`).toBe(200);
    return { authorization: `Bearer ${(await res.json()).userDetails.token}` };
  };
  const admin = await signin(E2E_ADMIN.userId, E2E_ADMIN.password);
  const customer = uniqueId("pgc");
  const engineer = uniqueId("pge");
  for (const [userId, userType] of [
    [customer, "CUSTOMER"],
    [engineer, "ENGINEER"],
  ] as const) {
    const signup = await request.post("/api/v1/auth/signup", {
      data: {
        userId,
        name: `Page ${userType} ${userId.slice(-4)}`,
        email: `${userId}@example.test`,
        password: PASSWORD,
        userType,
      },
    });
    expect(signup.status()).toBe(201);
  }
  const approve = await request.patch(`/api/v1/users/${engineer}`, {
    headers: admin,
    data: { userStatus: "APPROVED" },
  });
  expect(approve.status()).toBe(200);

  const raised = await request.post("/api/v1/tickets", {
    headers: await signin(customer, PASSWORD),
    data: { title: `Every page ${customer}`, description: "Opened by every role" },
  });
  expect(raised.status()).toBe(201);
  const ticket = (await raised.json()).ticket.number as number;
  const assign = await request.patch(`/api/v1/tickets/${ticket}`, {
    headers: admin,
    data: { assignee: engineer },
  });
  expect(assign.status()).toBe(200);

  const scheduled = await request.post("/api/v1/interactions", {
    headers: admin,
    data: {
      kind: "CALL",
      title: `Call ${customer}`,
      scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      customer,
      owner: engineer,
    },
  });
  expect(scheduled.status()).toBe(201);
  const interaction = (await scheduled.json()).id as number;

  const outbox = await request.get("/api/v1/notifications?limit=1", { headers: admin });
  expect(outbox.status()).toBe(200);
  const message = (await outbox.json()).data[0].requestId as string;
  return { customer, engineer, ticket, interaction, message };
}

export type World = Awaited<ReturnType<typeof world>>;

/** The pages each role may open. */
export function pagesFor(role: Role, w: World): string[] {
  const everyone = [
    "/dashboard",
    "/tickets",
    "/tickets?active=true",
    "/tickets/new",
    `/tickets/${w.ticket}`,
    "/profile",
    "/profile/password",
  ];
  const staff = [
    "/tickets?assignee=none&active=true",
    `/tickets?q=${encodeURIComponent("Every page")}`,
    "/customers",
    `/customers/${w.customer}`,
    "/interactions",
    "/interactions?view=all",
    "/interactions/new",
    `/interactions/${w.interaction}`,
    "/reports",
  ];
  if (role === "customer") return ["/customer", ...everyone];
  if (role === "engineer") return ["/engineer", ...everyone, ...staff];
  return [
    "/admin",
    ...everyone,
    ...staff,
    "/customers/new",
    "/customers/import",
    "/admin/requests",
    "/admin/users",
    "/admin/users/new",
    `/admin/users/${w.engineer}`,
    "/admin/outbox",
    `/admin/outbox/${w.message}`,
  ];
}

/** The pages each role may not open, and where it lands instead. */
export function forbiddenFor(role: Role): string[] {
  const admin = ["/admin", "/admin/users", "/admin/requests", "/admin/outbox", "/admin/users/new"];
  if (role === "customer")
    return [
      "/engineer",
      "/customers",
      "/customers/new",
      "/interactions",
      "/interactions/new",
      "/reports",
      ...admin,
    ];
  if (role === "engineer") return ["/customer", "/customers/new", "/customers/import", ...admin];
  return ["/customer", "/engineer"];
}

export const HOME: Record<Role, RegExp> = {
  customer: /\/customer$/,
  engineer: /\/engineer$/,
  admin: /\/admin$/,
};

/** A browser context of its own at `viewport`, signed in as `userId`. */
export async function signedIn(
  browser: Browser,
  viewport: { width: number; height: number },
  userId: string,
  password: string,
) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, userId, password);
  await expect(page).toHaveURL(/\/(customer|engineer|admin)$/);
  return page;
}

export const WIDTHS = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "desktop", viewport: { width: 1440, height: 900 } },
];

/** The user ID and password each role signs in with, for the world's records. */
export function credentialsFor(role: Role, w: World): [string, string] {
  return role === "admin" ? [E2E_ADMIN.userId, E2E_ADMIN.password] : [w[role], PASSWORD];
}

/** The pages anyone may open signed out. */
export const PUBLIC_PAGES = [
  "/signin",
  "/signup",
  "/forgot-password",
  "/reset-password?token=not-a-real-token",
  "/verify-email?token=not-a-real-token",
  "/no-such-page",
];

/** An engineer who signed up and waits for an admin, so the admin's nav and lists show badges. */
export async function pendingEngineer(request: APIRequestContext): Promise<string> {
  const userId = uniqueId("pend");
  const res = await request.post("/api/v1/auth/signup", {
    data: {
      userId,
      name: `Pending ${userId.slice(-4)}`,
      email: `${userId}@example.test`,
      password: PASSWORD,
      userType: "ENGINEER",
    },
  });
  expect(res.status(), "sign up a pending engineer").toBe(201);
  return userId;
}
