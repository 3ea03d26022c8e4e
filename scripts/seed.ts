/**
 * Demo data for a first look (README Quick start): one admin, two engineers (one still pending)
 * and two customers, created through the real domain functions. Safe to run again: existing
 * accounts are left alone. These passwords are for the demo only; never seed a real deployment.
 */
import { and, count, eq } from "drizzle-orm";
import { closeDatabase, connectDatabase, getDb, writeTransaction } from "@/db/client";
import { notifications, tickets, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { toActor } from "@/lib/auth/tokens";
import { createInteraction } from "@/lib/crm/interactions";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { createTicket } from "@/lib/tickets/create-ticket";
import { addReply } from "@/lib/tickets/replies";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { findUserByUserId } from "@/lib/users/find-user";
import { signUp } from "@/lib/users/sign-up";

type Demo = {
  userId: string;
  name: string;
  email: string;
  password: string;
  userType: "ADMIN" | "ENGINEER" | "CUSTOMER";
  approved: boolean;
  company?: string;
  phone?: string;
};

export const DEMO_USERS: Demo[] = [
  {
    userId: "admin",
    name: "Ada Admin",
    email: "admin@caseline.local",
    password: "Admin#2026",
    userType: "ADMIN",
    approved: true,
  },
  {
    userId: "eve",
    name: "Eve Engineer",
    email: "eve@caseline.local",
    password: "Engineer#2026",
    userType: "ENGINEER",
    approved: true,
  },
  {
    userId: "pat",
    name: "Pat Pending",
    email: "pat@caseline.local",
    password: "Engineer#2026",
    userType: "ENGINEER",
    approved: false,
  },
  {
    userId: "carol",
    name: "Carol Customer",
    email: "carol@acme.test",
    password: "Customer#2026",
    userType: "CUSTOMER",
    approved: true,
    company: "Acme Ltd",
    phone: "+44 20 7946 0000",
  },
  {
    userId: "dan",
    name: "Dan Customer",
    email: "dan@globex.test",
    password: "Customer#2026",
    userType: "CUSTOMER",
    approved: true,
    company: "Globex",
    phone: "+1 555 0100",
  },
];

async function seed() {
  const db = await connectDatabase();
  const lines: string[] = [];
  for (const demo of DEMO_USERS) {
    const existing = await findUserByUserId(demo.userId);
    if (existing) {
      lines.push(
        `  ${demo.userType.padEnd(8)} ${demo.userId.padEnd(6)} (exists already, left as it is)`,
      );
      continue;
    }
    await signUp({
      userId: demo.userId,
      name: demo.name,
      email: demo.email,
      password: demo.password,
      userType: "CUSTOMER",
      company: demo.company ?? null,
      phone: demo.phone ?? null,
    });
    await writeTransaction(async () => {
      await getDb()
        .update(users)
        .set({
          userType: demo.userType,
          userStatus: demo.approved ? "APPROVED" : "PENDING",
          // Demo addresses reach nobody: treat them as confirmed, and drop the links sign-up queued.
          emailVerifiedAt: new Date(),
        })
        .where(eq(users.userId, demo.userId));
    });
    await writeTransaction(async () => {
      await getDb()
        .delete(notifications)
        .where(
          and(
            eq(notifications.template, "verify-email"),
            eq(notifications.recipientEmails, JSON.stringify([demo.email])),
          ),
        );
    });
    const state = demo.approved ? "" : "  (pending approval: approve them as admin)";
    lines.push(`  ${demo.userType.padEnd(8)} ${demo.userId.padEnd(6)} ${demo.password}${state}`);
  }
  console.log(`[caseline] Demo accounts (sign in with user ID or email):\n${lines.join("\n")}`);
  const work = await seedDemoWork();
  if (work) console.log(`[caseline] ${work}`);
  await closeDatabase(db);
}

/**
 * A little history so the screens aren't empty on a first look: tickets in several states, a
 * conversation, a planned meeting and an overdue follow-up. Only on a database without tickets.
 */
async function seedDemoWork(): Promise<string | null> {
  const [{ n }] = await getDb().select({ n: count() }).from(tickets);
  if (n > 0) return null;
  const as = async (userId: string) => toActor((await findUserByUserId(userId))!);
  const [admin, eve, carol, dan] = await Promise.all(["admin", "eve", "carol", "dan"].map(as));
  const raise = async (who: Actor, title: string, description: string) =>
    String((await createTicket(who, { title, description })).ticket.number);

  const vpn = await raise(
    carol,
    "VPN drops every hour",
    "Since Monday the VPN disconnects about once an hour and I lose my session in the ERP.",
  );
  await acceptTicket(eve, vpn);
  await addReply(eve, vpn, {
    body: "Thanks Carol. Could you send the time of the last drop? I'm checking the gateway logs.",
    internal: false,
  });
  await addReply(eve, vpn, {
    body: "Gateway shows idle timeouts at 60 min: probably the new policy.",
    internal: true,
  });
  await addReply(carol, vpn, { body: "The last one was at 10:42 this morning.", internal: false });

  const invoice = await raise(
    dan,
    "Invoice PDF is blank",
    "Downloading invoice 2026-11 gives an empty PDF in every browser.",
  );
  await acceptTicket(eve, invoice);
  await addReply(eve, invoice, {
    body: "Fixed: the template lost its font. Please try again.",
    internal: false,
  });
  await updateTicket(eve, invoice, { status: "RESOLVED" });

  await raise(
    carol,
    "Request: a second mailbox for accounts@",
    "We need a shared mailbox for the accounts team.",
  );
  const printer = await raise(dan, "Printer on floor 2 jams", "It jams on every double-sided job.");
  await updateTicket(admin, printer, { ticketPriority: 2 });

  const at = (days: number, hour: number) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  await createInteraction(admin, {
    kind: "MEETING",
    title: "Quarterly service review",
    notes: "Go through the VPN incidents and the mailbox request.",
    scheduledAt: at(3, 10),
    customer: "carol",
  });
  await createInteraction(eve, {
    kind: "FOLLOW_UP",
    title: "Check the invoice fix held",
    scheduledAt: at(-1, 9),
    customer: "dan",
  });
  return "Demo tickets and interactions added (4 tickets, a meeting, an overdue follow-up).";
}

seed().catch((error) => {
  console.error(error);
  process.exit(1);
});
