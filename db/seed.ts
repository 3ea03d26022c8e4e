/**
 * Demo data for a first look (README Quick start): one admin, two engineers (one still pending)
 * and two customers, created through the real domain functions. Safe to run again: existing
 * accounts are left alone. These passwords are for the demo only; never seed a real deployment.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "./client";
import { notifications, users } from "./schema";
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
  getDb();
  const lines: string[] = [];
  for (const demo of DEMO_USERS) {
    const existing = findUserByUserId(demo.userId);
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
    getDb()
      .update(users)
      .set({
        userType: demo.userType,
        userStatus: demo.approved ? "APPROVED" : "PENDING",
        // Demo addresses reach nobody: treat them as confirmed, and drop the links sign-up queued.
        emailVerifiedAt: new Date(),
      })
      .where(eq(users.userId, demo.userId))
      .run();
    getDb()
      .delete(notifications)
      .where(
        and(
          eq(notifications.template, "verify-email"),
          eq(notifications.recipientEmails, JSON.stringify([demo.email])),
        ),
      )
      .run();
    const state = demo.approved ? "" : "  (pending approval: approve them as admin)";
    lines.push(`  ${demo.userType.padEnd(8)} ${demo.userId.padEnd(6)} ${demo.password}${state}`);
  }
  console.log(`[caseline] Demo accounts (sign in with user ID or email):\n${lines.join("\n")}`);
}

seed().catch((error) => {
  console.error(error);
  process.exit(1);
});
