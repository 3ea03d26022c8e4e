import { describe, expect, it } from "vitest";
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
import { person, sqlite, type Person } from "../ticket-kit";

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
const actorOf = (userId: string) => {
  const u = findUserByUserId(userId);
  return u ? toActor(u) : undefined;
};

type Row = { number: number; assignee: string | null; status: TicketStatus };
const tickets = () =>
  sqlite()
    .prepare(
      `select t.number, u.user_id as assignee, t.status from tickets t
       left join users u on u.id = t.assignee_id order by t.number`,
    )
    .all() as Row[];
const usersWhere = (where: string) =>
  (
    sqlite().prepare(`select user_id as userId from users where ${where}`).all() as {
      userId: string;
    }[]
  ).map((u) => u.userId);
const approvedEngineers = () =>
  usersWhere("user_type = 'ENGINEER' and user_status = 'APPROVED' and deleted_at is null");

/** Every user's working_count against a fresh COUNT(*); returns the mismatches. */
function drift() {
  return sqlite()
    .prepare(
      `select u.user_id as userId, u.working_count as kept,
         (select count(*) from tickets t where t.assignee_id = u.id
            and t.status in ('OPEN','IN_PROGRESS')) as fresh
       from users u where u.working_count <>
         (select count(*) from tickets t where t.assignee_id = u.id
            and t.status in ('OPEN','IN_PROGRESS'))`,
    )
    .all();
}

/** Active tickets held by someone who can't work them (rejected, demoted or deleted). */
const stranded = () =>
  sqlite()
    .prepare(
      `select t.number from tickets t join users u on u.id = t.assignee_id
       where t.status in ('OPEN','IN_PROGRESS','BLOCKED') and (u.user_type <> 'ENGINEER'
         or u.user_status <> 'APPROVED' or u.deleted_at is not null)`,
    )
    .all();

const workingCounts = () =>
  (
    sqlite()
      .prepare(
        `select working_count as n from users
         where user_type = 'ENGINEER' and user_status = 'APPROVED' and deleted_at is null`,
      )
      .all() as { n: number }[]
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
      const ops: Record<string, () => boolean | Promise<boolean>> = {
        create: () => {
          const by = actorOf(rnd.pick(reporters)!.userId);
          return did(by && createTicket(by, createTicketSchema.parse(body)));
        },
        status: () => {
          const t = rnd.pick(tickets());
          if (!t) return false;
          // The holder (when they can still act) or an admin.
          const holder = t.assignee && rnd.int(2) ? actorOf(t.assignee) : undefined;
          const by = holder?.userType === "ENGINEER" ? holder : admin.actor;
          const to = updateTicketSchema.parse({ status: rnd.pick(STATUSES) });
          return did(updateTicket(by, String(t.number), to));
        },
        reassign: () => {
          const t = rnd.pick(tickets());
          const to = rnd.int(4) === 0 ? null : (rnd.pick(approvedEngineers()) ?? null);
          const input = updateTicketSchema.parse({ assignee: to });
          return did(t && updateTicket(admin.actor, String(t.number), input));
        },
        accept: () => {
          const who = rnd.pick(approvedEngineers());
          const mine = (t: Row) => t.assignee === null || t.assignee === who;
          const t = rnd.pick(tickets().filter((t) => mine(t) && t.status !== "CLOSED"));
          return did(who && t && acceptTicket(actorOf(who)!, String(t.number)));
        },
        delete: () => {
          const t = rnd.pick(tickets());
          return did(t && deleteTicket(admin.actor, String(t.number)));
        },
        hire: async () => did(hired.push((await person("ENGINEER", "PENDING")).userId)),
        reject: () => {
          const who = rnd.pick(approvedEngineers());
          const input = updateUserSchema.parse({ userStatus: "REJECTED" });
          return did(who && updateUser(admin.actor, who, input));
        },
        approve: () => {
          const who = rnd.pick(
            usersWhere(
              "user_type = 'ENGINEER' and user_status <> 'APPROVED' and deleted_at is null",
            ),
          );
          const input = updateUserSchema.parse({ userStatus: "APPROVED" });
          return did(who && updateUser(admin.actor, who, input));
        },
        demote: () => {
          const who = rnd.pick(approvedEngineers());
          const input = updateUserSchema.parse({ userType: "CUSTOMER" });
          return did(who && updateUser(admin.actor, who, input));
        },
        promote: () => {
          // A demoted engineer comes back (as a pending engineer, approved later).
          const back = usersWhere("user_type = 'CUSTOMER' and deleted_at is null");
          const who = rnd.pick(back.filter((u) => hired.includes(u)));
          const input = updateUserSchema.parse({ userType: "ENGINEER" });
          return did(who && updateUser(admin.actor, who, input));
        },
        deleteEngineer: () => {
          const who = rnd.pick(approvedEngineers());
          return did(who && deleteUser(admin.actor, who) === undefined);
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
        expect(drift(), where).toEqual([]);
        expect(stranded(), where).toEqual([]);
      }
      // The run really exercised every kind of operation.
      for (const [op] of weights) expect(done[op], op).toBeGreaterThan(0);
      expect(tickets().length).toBeGreaterThan(10);
    },
  );

  it("after a burst of 100 creations on a balanced start, approved engineers differ by at most one", async () => {
    const customer = await person("CUSTOMER");
    const admin = await person("ADMIN");
    for (let i = 0; i < 5; i++) await person("ENGINEER");
    await person("ENGINEER", "PENDING");
    for (let i = 0; i < 15; i++) createTicket(customer.actor, createTicketSchema.parse(body));
    expect(workingCounts()).toEqual([3, 3, 3, 3, 3]);
    const rnd = prng(42);
    for (let i = 0; i < 100; i++) {
      const by = rnd.pick([customer, admin])!;
      createTicket(by.actor, createTicketSchema.parse(body));
      const counts = workingCounts();
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(workingCounts().reduce((a, b) => a + b, 0)).toBe(115);
    expect(drift()).toEqual([]);
  });
});
