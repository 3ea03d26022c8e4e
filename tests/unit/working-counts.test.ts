import { sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import type { TicketStatus } from "@/db/schema";
import { toActor } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { createTicket } from "@/lib/tickets/create-ticket";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { deleteUser } from "@/lib/users/delete-user";
import { findUserByUserId } from "@/lib/users/find-user";
import { updateUser } from "@/lib/users/update-user";
import { createTicketSchema, updateTicketSchema } from "@/lib/validation/tickets";
import { updateUserSchema } from "@/lib/validation/users";
import { person, type Person } from "../ticket-kit";

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T | undefined => xs[Math.floor(next() * xs.length)],
  };
}

const STATUSES: TicketStatus[] = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"];

/** Live actor for a userId (roles change during the run), or undefined once deleted. */
const actorOf = async (userId: string) => {
  const u = await findUserByUserId(userId);
  return u ? toActor(u) : undefined;
};

type Row = { number: number; assignee: string | null; status: TicketStatus };
const tickets = () =>
  rows<Row>(
    sql`select t.number, u.user_id as "assignee", t.status from tickets t
        left join users u on u.id = t.assignee_id order by t.number`,
  );
// In id order: PostgreSQL returns unordered rows in no fixed order, and a seed must replay.
const usersWhere = async (where: SQL) =>
  (
    await rows<{ userId: string }>(
      sql`select user_id as "userId" from users where ${where} order by id`,
    )
  ).map((u) => u.userId);
const approvedEngineers = () =>
  usersWhere(sql`user_type = 'ENGINEER' and user_status = 'APPROVED' and deleted_at is null`);

/** Every user's working_count against a fresh COUNT(*); returns the mismatches. */
function drift() {
  return rows(
    sql`select u.user_id as "userId", u.working_count as "kept",
          (select cast(count(*) as integer) from tickets t where t.assignee_id = u.id
             and t.status in ('OPEN','IN_PROGRESS')) as "fresh"
        from users u where u.working_count <>
          (select count(*) from tickets t where t.assignee_id = u.id
             and t.status in ('OPEN','IN_PROGRESS'))`,
  );
}

/** Active tickets held by someone who can't work them (rejected, demoted or deleted). */
const stranded = () =>
  rows(
    sql`select t.number from tickets t join users u on u.id = t.assignee_id
        where t.status in ('OPEN','IN_PROGRESS','BLOCKED') and (u.user_type <> 'ENGINEER'
          or u.user_status <> 'APPROVED' or u.deleted_at is not null)`,
  );

const workingCounts = async () =>
  (
    await rows<{ n: number }>(
      sql`select working_count as "n" from users
          where user_type = 'ENGINEER' and user_status = 'APPROVED' and deleted_at is null`,
    )
  ).map((r) => r.n);

const body = { title: "Something broke", description: "Details of what broke" };

describe("working counts", () => {
  it.each([1, 2, 3])(
    "equal a fresh COUNT(*) after 300 random operations (seed %i)",
    async (seed) => {
      const rnd = prng(seed);
      const admin = await person("ADMIN");
      const reporters: Person[] = [admin, await person("ADMIN")];
      for (let i = 0; i < 3; i++) reporters.push(await person("CUSTOMER"));
      const engineers: Person[] = [];
      for (let i = 0; i < 8; i++)
        engineers.push(await person("ENGINEER", i < 4 ? "APPROVED" : "PENDING"));
      reporters.push(engineers[0], engineers[5]);
      const hired = engineers.map((e) => e.userId);
      const log: string[] = [];
      const done: Record<string, number> = {};

      const did = (x: unknown) => !!x;
      const ops: Record<string, () => Promise<boolean>> = {
        create: async () => {
          const by = await actorOf(rnd.pick(reporters)!.userId);
          return did(by && (await createTicket(by, createTicketSchema.parse(body))));
        },
        status: async () => {
          const t = rnd.pick(await tickets());
          if (!t) return false;
          // The holder (when they can still act) or an admin.
          const holder = t.assignee && rnd.int(2) ? await actorOf(t.assignee) : undefined;
          const by = holder?.userType === "ENGINEER" ? holder : admin.actor;
          const to = updateTicketSchema.parse({ status: rnd.pick(STATUSES) });
          return did(await updateTicket(by, String(t.number), to));
        },
        reassign: async () => {
          const t = rnd.pick(await tickets());
          const to = rnd.int(4) === 0 ? null : (rnd.pick(await approvedEngineers()) ?? null);
          const input = updateTicketSchema.parse({ assignee: to });
          return did(t && (await updateTicket(admin.actor, String(t.number), input)));
        },
        accept: async () => {
          const who = rnd.pick(await approvedEngineers());
          const mine = (t: Row) => t.assignee === null || t.assignee === who;
          const t = rnd.pick((await tickets()).filter((t) => mine(t) && t.status !== "CLOSED"));
          return did(who && t && (await acceptTicket((await actorOf(who))!, String(t.number))));
        },
        delete: async () => {
          const t = rnd.pick(await tickets());
          return did(t && (await deleteTicket(admin.actor, String(t.number))));
        },
        hire: async () => did(hired.push((await person("ENGINEER", "PENDING")).userId)),
        reject: async () => {
          const who = rnd.pick(await approvedEngineers());
          const input = updateUserSchema.parse({ userStatus: "REJECTED" });
          return did(who && (await updateUser(admin.actor, who, input)));
        },
        approve: async () => {
          const who = rnd.pick(
            await usersWhere(
              sql`user_type = 'ENGINEER' and user_status <> 'APPROVED' and deleted_at is null`,
            ),
          );
          const input = updateUserSchema.parse({ userStatus: "APPROVED" });
          return did(who && (await updateUser(admin.actor, who, input)));
        },
        demote: async () => {
          const who = rnd.pick(await approvedEngineers());
          const input = updateUserSchema.parse({ userType: "CUSTOMER" });
          return did(who && (await updateUser(admin.actor, who, input)));
        },
        promote: async () => {
          // A demoted engineer comes back (as a pending engineer, approved later).
          const back = await usersWhere(sql`user_type = 'CUSTOMER' and deleted_at is null`);
          const who = rnd.pick(back.filter((u) => hired.includes(u)));
          const input = updateUserSchema.parse({ userType: "ENGINEER" });
          return did(who && (await updateUser(admin.actor, who, input)));
        },
        deleteEngineer: async () => {
          const who = rnd.pick(await approvedEngineers());
          return did(who && (await deleteUser(admin.actor, who)) === undefined);
        },
      };
      const weights: [string, number][] = [
        ["create", 30],
        ["status", 22],
        ["reassign", 10],
        ["accept", 10],
        ["delete", 3],
        ["hire", 2],
        ["reject", 4],
        ["approve", 6],
        ["demote", 2],
        ["promote", 2],
        ["deleteEngineer", 1],
      ];
      const bag = weights.flatMap(([op, w]) => Array<string>(w).fill(op));

      for (let i = 0; i < 300; i++) {
        const op = rnd.pick(bag)!;
        log.push(op);
        try {
          if (await ops[op]()) done[op] = (done[op] ?? 0) + 1;
        } catch (error) {
          // Refusals (a conflict on accept, a 403 for a status rule) are fine; crashes are not.
          if (!(error instanceof AppError)) throw error;
        }
        const where = `after op ${i} (${log.slice(-5).join(", ")}), seed ${seed}`;
        expect(await drift(), where).toEqual([]);
        expect(await stranded(), where).toEqual([]);
      }
      // The run really exercised every kind of operation.
      for (const [op] of weights) expect(done[op], op).toBeGreaterThan(0);
      expect((await tickets()).length).toBeGreaterThan(10);
    },
  );

  it("after a burst of 100 creations on a balanced start, approved engineers differ by at most one", async () => {
    const customer = await person("CUSTOMER");
    const admin = await person("ADMIN");
    for (let i = 0; i < 5; i++) await person("ENGINEER");
    await person("ENGINEER", "PENDING");
    for (let i = 0; i < 15; i++) await createTicket(customer.actor, createTicketSchema.parse(body));
    expect(await workingCounts()).toEqual([3, 3, 3, 3, 3]);
    const rnd = prng(42);
    for (let i = 0; i < 100; i++) {
      const by = rnd.pick([customer, admin])!;
      await createTicket(by.actor, createTicketSchema.parse(body));
      const counts = await workingCounts();
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect((await workingCounts()).reduce((a, b) => a + b, 0)).toBe(115);
    expect(await drift()).toEqual([]);
  });
});
