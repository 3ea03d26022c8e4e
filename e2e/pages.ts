import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { createTransport } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { E2E_INBOUND_SMTP_PORT, E2E_SUPPORT_EMAIL } from "../playwright.config";
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

  // An incoming email that waits for an admin (quarantined: it makes no ticket and no account), so
  // its page shows Retry and Discard.
  const inbound = await inboundId(
    request,
    admin,
    (await mailSupport(tooManyAttachments({ from: `${customer}@example.test` }))).messageId,
  );
  return { customer, engineer, ticket, interaction, message, inbound };
}

/**
 * Mails the support address through the e2e server's own SMTP receiver, as a mail server would;
 * answers the Message-ID sent (the receiver's 250 names no inbound log row) and that 250.
 */
export async function mailSupport(
  mail: Mail.Options,
): Promise<{ messageId: string; response: string }> {
  const messageId = mail.messageId ?? `<${uniqueId("in")}@sender.example.test>`;
  const mailer = createTransport({
    host: "127.0.0.1",
    port: E2E_INBOUND_SMTP_PORT,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 30_000,
  });
  try {
    const sent = await mailer.sendMail({
      to: E2E_SUPPORT_EMAIL,
      text: "Hello",
      ...mail,
      messageId,
    });
    expect(sent.response, `the receiver took ${messageId}`).toMatch(/^250 /);
    return { messageId, response: sent.response };
  } finally {
    mailer.close();
  }
}

/** The server's INBOUND_MAX_ATTACHMENTS (its default: playwright.config.ts does not set it). */
const MAX_ATTACHMENTS = 10;

/** An email the server quarantines: one attachment more than it takes. */
export function tooManyAttachments(mail: Mail.Options): Mail.Options {
  return {
    subject: `Scans ${uniqueId("q")}`,
    ...mail,
    attachments: Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({
      filename: `scan-${i + 1}.txt`,
      content: `page ${i + 1}`,
    })),
  };
}

/** The inbound log row of the email with this Message-ID (newest first: it was just sent). */
export async function inboundId(
  request: APIRequestContext,
  admin: { authorization: string },
  messageId: string,
): Promise<number> {
  // The log keeps the Message-ID without its angle brackets.
  const bare = messageId.replace(/^<|>$/g, "");
  let id: number | undefined;
  await expect
    .poll(async () => {
      const res = await request.get("/api/v1/inbound-messages?limit=100", { headers: admin });
      expect(res.status()).toBe(200);
      const rows = (await res.json()).data as { id: number; messageId: string }[];
      id = rows.find((r) => r.messageId === bare)?.id;
      return id;
    }, `the inbound log has ${messageId}`)
    .toBeDefined();
  return id!;
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
    "/admin/email",
    `/admin/email/${w.inbound}`,
  ];
}

/** The pages each role may not open, and where it lands instead. */
export function forbiddenFor(role: Role): string[] {
  const admin = [
    "/admin",
    "/admin/users",
    "/admin/requests",
    "/admin/outbox",
    "/admin/users/new",
    "/admin/email",
  ];
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
