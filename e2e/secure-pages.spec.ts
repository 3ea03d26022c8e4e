import { expect, test, type Page } from "@playwright/test";
import { adminPage, E2E_ADMIN, signUpInBrowser, uniqueId } from "./fixtures";

/**
 * Issue 9 §5 in the browser: a success banner is a one-time flash the address cannot forge, and
 * every page runs under a nonce-based Content-Security-Policy without a single violation.
 */

type Problems = { violations: string[]; errors: string[] };

/** Collects CSP violations (from the page itself) and console errors for the page's lifetime. */
async function watch(page: Page): Promise<Problems> {
  const problems: Problems = { violations: [], errors: [] };
  await page.exposeFunction("__cspViolation", (what: string) => problems.violations.push(what));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __cspViolation: (s: string) => void }).__cspViolation;
      report(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on("console", (m) => {
    // Playwright tries its init script (above) in every frame; the outbox's sandboxed email
    // preview rightly refuses to run it. That refusal is the sandbox working, not a page error.
    if (m.type() === "error" && !/^Blocked script execution in 'about:srcdoc'/.test(m.text()))
      problems.errors.push(m.text());
  });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  return problems;
}

function nonceOf(csp: string | undefined) {
  const nonce = csp?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
  expect(nonce, `a script nonce in: ${csp}`).toBeTruthy();
  return nonce!;
}

test("a success banner shows once, and nothing in the address can plant one", async ({ page }) => {
  const problems = await watch(page);
  const userId = uniqueId("fls");
  await signUpInBrowser(page, { userId, name: "Flora Flash", role: "Customer" });
  await expect(page).toHaveURL(/\/customer$/);

  await page.goto("/tickets/new");
  await page.getByLabel("Title").fill(`Flash check ${userId}`);
  await page.getByLabel("What happened?").fill("The banner after this should show exactly once.");
  await page.getByRole("button", { name: "Raise ticket" }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  const banner = page.getByText(/^Ticket #\d+ created/);
  await expect(banner).toBeVisible();
  const ticketUrl = page.url();

  // The next render no longer has it: not after a reload, nor on coming back.
  await page.reload();
  await expect(page.getByRole("heading", { name: `Flash check ${userId}` })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await page.goto("/customer");
  await page.goto(ticketUrl);
  await expect(page.getByRole("heading", { name: `Flash check ${userId}` })).toBeVisible();
  await expect(banner).toHaveCount(0);

  // The old query parameters show nothing, whatever they say.
  const planted = "Your account is locked: call +1 555 0100 now";
  await page.goto(`${ticketUrl}?created=${encodeURIComponent(planted)}`);
  await expect(page.getByRole("heading", { name: `Flash check ${userId}` })).toBeVisible();
  await expect(page.getByText(planted)).toHaveCount(0);
  await page.goto(`/tickets?deleted=${encodeURIComponent(planted)}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(planted)).toHaveCount(0);
  await expect(page.getByText(/Call \+1 555|was deleted/)).toHaveCount(0);

  expect(problems.violations).toEqual([]);
});

test("pages run under a nonce-based CSP: a fresh nonce per response and no violations", async ({
  browser,
  page,
  request,
}) => {
  // The header itself: present on a page, a new nonce each time; the API's is strict.
  const first = await page.goto("/signin");
  const csp = first!.headers()["content-security-policy"];
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  const again = await page.reload();
  expect(nonceOf(again!.headers()["content-security-policy"])).not.toBe(nonceOf(csp));
  // Next puts the nonce on its own scripts.
  const scriptNonces = await page
    .locator("script[src]")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  const health = await request.get("/api/v1/health");
  expect(health.headers()["content-security-policy"]).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );

  // A ticket to look at.
  const token = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token as string;
  const tag = uniqueId("csp");
  const created = await request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${token}` },
    data: { title: `CSP check ${tag}`, description: "Looked at under the policy." },
  });
  expect(created.status()).toBe(201);
  const number = (await created.json()).ticket.number as number;

  const admin = await adminPage(browser);
  const problems = await watch(admin);
  await admin.goto("/signin");
  await admin.goto("/admin");
  await expect(admin.locator(".recharts-surface").first()).toBeVisible();

  // The theme toggle (next-themes' inline script runs with the nonce).
  const toggle = admin.getByRole("button", { name: /^Theme:/ });
  await toggle.click();
  await expect(admin.locator("html")).toHaveClass(/light/);
  await admin.getByRole("button", { name: /^Theme: light/ }).click();
  await expect(admin.locator("html")).toHaveClass(/dark/);
  await admin.reload();
  await expect(admin.locator("html")).toHaveClass(/dark/);

  await admin.goto(`/tickets/${number}`);
  await expect(admin.getByRole("heading", { name: `CSP check ${tag}` })).toBeVisible();

  // The outbox's sandboxed preview of a sent email still renders.
  await admin.goto("/admin/outbox?status=SENT");
  await admin.getByRole("table").getByRole("link").first().click();
  await expect(admin.getByText("Plain-text part")).toBeVisible();
  await expect(
    admin.frameLocator('iframe[title="The email\'s HTML part"]').getByText("Caseline").first(),
  ).toBeVisible();

  expect(problems.violations).toEqual([]);
  expect(problems.errors).toEqual([]);
});
