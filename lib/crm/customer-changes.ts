import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { conflict } from "@/lib/errors";
import { sendInvitationEmail } from "@/lib/notifications/account-emails";
import { userIdTaken } from "@/lib/users/find-user";
import { assertIdentityFree, insertUnique } from "@/lib/users/sign-up";
import { updateUser } from "@/lib/users/update-user";
import type { CreateCustomerInput, UpdateCustomerInput } from "@/lib/validation/crm";
import { findVisibleCustomer, getCustomer, recordCustomerEvent } from "./customers";

/** The userId an email suggests, from its local part: "ann.lee@x.com" → "ann.lee". */
export function userIdBase(email: string) {
  const base =
    email
      .split("@")[0]
      .replace(/[^A-Za-z0-9._-]/g, "")
      .slice(0, 28) || "customer";
  return base.length >= 3 ? base : `${base}000`.slice(0, 3);
}

/** The n-th userId tried for a base: "ann.lee", then "ann.lee2", "ann.lee3", … */
export const userIdCandidate = (base: string, n: number) => (n === 1 ? base : `${base}${n}`);

/** The first free userId from an email, asking the database (one customer added by hand, or by email). */
export async function freeUserIdFromEmail(email: string) {
  const base = userIdBase(email);
  for (let n = 1; ; n++) {
    const candidate = userIdCandidate(base, n);
    if (!(await userIdTaken(candidate))) return candidate;
  }
}

/**
 * An admin adds a customer (docs/crm.md#adding-a-customer). No password is set by anyone but the customer: they are
 * emailed a single-use invitation to choose one, in the same transaction.
 */
export async function createCustomer(actor: Actor, input: CreateCustomerInput) {
  requireRole(actor, "ADMIN");
  const userId = input.userId ?? (await freeUserIdFromEmail(input.email));
  await assertIdentityFree(userId, input.email);
  const user = await insertUnique(() =>
    writeTransaction(async () => {
      const [row] = await getDb()
        .insert(users)
        .values({
          userId,
          name: input.name,
          email: input.email,
          passwordHash: NO_PASSWORD_YET,
          userType: "CUSTOMER",
          userStatus: "APPROVED",
          company: input.company ?? null,
          phone: input.phone ?? null,
        })
        .returning();
      await recordCustomerEvent({ userId: row.id, actorId: actor.id, type: "created" });
      await sendInvitationEmail(row, actor.userId);
      await recordCustomerEvent({
        userId: row.id,
        actorId: actor.id,
        type: "invited",
        newValue: row.email,
      });
      return row;
    }),
  );
  return getCustomer(actor, user.userId);
}

/**
 * An admin edits a customer's details or (de)activates them. A deactivated customer can't sign
 * in and every session and token they hold stops working at once; their tickets stay. Each change
 * is a history event, written with it.
 */
export async function updateCustomer(actor: Actor, userId: string, input: UpdateCustomerInput) {
  requireRole(actor, "ADMIN");
  const before = await findVisibleCustomer(actor, userId);
  const { active, ...fields } = input;
  await writeTransaction(async () => {
    if (Object.values(fields).some((v) => v !== undefined)) {
      await updateUser(actor, before.userId, fields);
      for (const key of ["name", "email", "company", "phone"] as const) {
        const next = fields[key];
        if (next === undefined || (next ?? null) === (before[key] ?? null)) continue;
        await recordCustomerEvent({
          userId: before.id,
          actorId: actor.id,
          type: "edited",
          field: key,
          oldValue: before[key],
          newValue: next,
        });
      }
    }
    if (active !== undefined && active === !!before.deactivatedAt) {
      await getDb()
        .update(users)
        .set({
          deactivatedAt: active ? null : new Date(),
          updatedAt: new Date(),
          // Ends every session and token now (trigger users_standing_ends_sessions), both ways.
        })
        .where(eq(users.id, before.id));
      await recordCustomerEvent({
        userId: before.id,
        actorId: actor.id,
        type: active ? "reactivated" : "deactivated",
      });
    } else if (active !== undefined && Object.values(fields).every((v) => v === undefined)) {
      throw conflict(
        active ? "This customer is active already" : "This customer is deactivated already",
      );
    }
  });
  return getCustomer(actor, before.userId);
}
