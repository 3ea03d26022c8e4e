import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN, PASSWORD, signIn, uniqueId } from "./fixtures";

// Every page of the portal, opened by every role that may open it, at a phone and a desktop width:
// each answers < 400, shows its heading inside the portal shell (one <main>, the main nav), and no
// error boundary. Pages a role may not open send it elsewhere (its home, or a 404 in the shell).

// Dozens of full page loads per test: run this file's tests one after another in one worker, so the
// other worker's specs keep a server that isn't saturated by two of these at once.
test.describe.configure({ mode: "default" });

type Role = "customer" | "engineer" | "admin";

/** One of each record, through the API, so the detail pages have something to show. */
async function world(request: APIRequestContext) {
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

type World = Awaited<ReturnType<typeof world>>;

/** The pages each role may open. */
function pagesFor(role: Role, w: World): string[] {
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
function forbiddenFor(role: Role): string[] {
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

const HOME: Record<Role, RegExp> = {
  customer: /\/customer$/,
  engineer: /\/engineer$/,
  admin: /\/admin$/,
};

async function expectInShell(page: Page, path: string) {
  // The shell: its header with the main navigation, one <main>, and the page's own heading in it.
  await expect(page.getByRole("navigation", { name: "Main" }), path).toBeVisible();
  await expect(page.locator("main"), path).toHaveCount(1);
  await expect(page.locator("main h1").first(), path).toBeVisible();
  await expect(page.getByText("Something went wrong showing this page"), path).toHaveCount(0);
  await expect(page.getByText(/Application error/), path).toHaveCount(0);
  expect(await page.locator("html").getAttribute("lang"), path).toBe("en");
  await expect(page, path).toHaveTitle(/Caseline/);
}

async function signedIn(
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

const WIDTHS = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "desktop", viewport: { width: 1440, height: 900 } },
];

for (const { name, viewport } of WIDTHS) {
  for (const role of ["customer", "engineer", "admin"] as const) {
    test(`every page a ${role} may open works on a ${name} (${viewport.width}px)`, async ({
      browser,
      request,
    }) => {
      test.setTimeout(180_000);
      const w = await world(request);
      const [userId, password] =
        role === "admin" ? [E2E_ADMIN.userId, E2E_ADMIN.password] : [w[role], PASSWORD];
      const page = await signedIn(browser, viewport, userId, password);

      for (const path of pagesFor(role, w)) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expectInShell(page, path);
      }
      // A detail page's tab names its record.
      await page.goto(`/tickets/${w.ticket}`);
      await expect(page).toHaveTitle(new RegExp(`^#${w.ticket} `));

      // A bad cursor shows the first page with a notice, never an error.
      const lists =
        role === "customer"
          ? ["/tickets"]
          : role === "engineer"
            ? ["/tickets", "/customers", "/interactions"]
            : ["/tickets", "/customers", "/interactions", "/admin/users", "/admin/outbox"];
      for (const list of lists) {
        const path = `${list}?cursor=not-a-cursor`;
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expectInShell(page, path);
        await expect(
          page.getByText("That page link is out of date or was changed"),
          path,
        ).toBeVisible();
      }

      // Pages this role may not open send it home instead of failing.
      for (const path of forbiddenFor(role)) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(400);
        await expect(page, path).toHaveURL(HOME[role]);
        await expectInShell(page, path);
      }

      // Records that don't exist, or that this role may not see, are a 404 inside the shell.
      const missing = [
        "/tickets/999999",
        ...(role === "customer" ? [] : ["/customers/nobody-here", "/interactions/999999"]),
        ...(role === "admin" ? ["/admin/users/nobody-here", "/admin/outbox/nobody-here"] : []),
      ];
      for (const path of missing) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(404);
        await expect(page.getByRole("heading", { name: "Nothing here" }), path).toBeVisible();
        await expect(page.getByRole("navigation", { name: "Main" }), path).toBeVisible();
        await expect(page.locator("main"), path).toHaveCount(1);
        await expect(page, path).toHaveTitle(/Not found/);
      }
      await page.context().close();
    });
  }
}

test("the engineer's ticket list and search work from the nav, the quick view and the search box", async ({
  browser,
  request,
}) => {
  const w = await world(request);
  const page = await signedIn(browser, { width: 1440, height: 900 }, w.engineer, PASSWORD);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Tickets" })
    .click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tickets" })).toBeVisible();
  await page.getByRole("link", { name: /^Unassigned/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Unassigned" })).toBeVisible();
  await page.getByRole("link", { name: "All tickets" }).click();
  await page.getByLabel("Search").fill(w.customer);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${w.customer}`));
  await expect(
    page.getByRole("table").getByRole("link", { name: new RegExp(w.customer) }),
  ).toHaveCount(1);
  await page.context().close();
});
