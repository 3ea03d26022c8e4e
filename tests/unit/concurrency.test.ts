/**
 * The hard rules under real concurrency (docs/tickets.md#assignment, #working-counts), on whichever
 * engine this run uses. On PostgreSQL the use-cases below run at once on several pooled
 * connections; on SQLite they queue for the one writer. Either way: working counts of approved
 * engineers stay within one after a burst of creations, every count equals a fresh COUNT(*) after
 * a mixed workload, and ticket numbers are unique and increase for each client.
 */
import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { tickets, users, type TicketStatus } from "@/db/schema";
import { toActor } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { createTicket } from "@/lib/tickets/create-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { findUserByUserId } from "@/lib/users/find-user";
import { updateUser } from "@/lib/users/update-user";
import { createTicketSchema, updateTicketSchema } from "@/lib/validation/tickets";
import { updateUserSchema } from "@/lib/validation/users";
import { person } from "../ticket-kit";

const body = createTicketSchema.parse({
  title: "Something broke",
  description: "Details of what broke",
});

/** mulberry32, so a failing run can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const approvedEngineerCounts = async () =>
  (
    await getDb()
      .select({ n: users.workingCount })
      .from(users)
      .where(
        and(
          eq(users.userType, "ENGINEER"),
          eq(users.userStatus, "APPROVED"),
          isNull(users.deletedAt),
        ),
      )
  ).map((r) => r.n);

/** Every user whose kept working_count differs from a fresh COUNT(*) of their working tickets. */
async function drift() {
  const fresh = await getDb()
    .select({ id: tickets.assigneeId, n: count() })
    .from(tickets)
    .where(inArray(tickets.status, ["OPEN", "IN_PROGRESS"]))
    .groupBy(tickets.assigneeId);
  const freshOf = new Map(fresh.map((r) => [r.id, r.n]));
  const kept = await getDb()
    .select({ id: users.id, userId: users.userId, kept: users.workingCount })
    .from(users);
  return kept
    .map((u) => ({ userId: u.userId, kept: u.kept, fresh: freshOf.get(u.id) ?? 0 }))
    .filter((u) => u.kept !== u.fresh);
}

/** Active tickets held by someone who can no longer work them. */
async function stranded() {
  const rows = await getDb()
    .select({ number: tickets.number, type: users.userType, status: users.userStatus })
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.assigneeId))
    .where(inArray(tickets.status, ["OPEN", "IN_PROGRESS", "BLOCKED"]));
  return rows.filter((r) => r.type !== "ENGINEER" || r.status !== "APPROVED");
}

/** Runs `clients` loops at once, each doing `rounds` steps; rejects with the first crash. */
async function concurrently(
  clients: number,
  rounds: number,
  step: (client: number) => Promise<unknown>,
) {
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < rounds; i++) await step(client);
    }),
  );
}

describe("under concurrency", () => {
  it("a burst of 120 creations from 12 clients at once leaves approved engineers within one", async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, () => person("CUSTOMER")));
    for (let i = 0; i < 5; i++) await person("ENGINEER");
    await person("ENGINEER", "PENDING");
    const numbers: number[][] = Array.from({ length: 12 }, () => []);
    await concurrently(12, 10, async (client) => {
      const { ticket, assigned } = await createTicket(customers[client % 4].actor, body);
      expect(assigned).toBe(true);
      numbers[client].push(ticket.number);
    });
    const counts = await approvedEngineerCounts();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(120);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(await drift()).toEqual([]);
    // Numbers: unique across clients, increasing within each client's own sequence.
    const all = numbers.flat();
    expect(new Set(all).size).toBe(120);
    for (const mine of numbers) expect(mine).toEqual([...mine].sort((a, b) => a - b));
    const stored = await getDb()
      .select({ n: tickets.number })
      .from(tickets)
      .orderBy(asc(tickets.number));
    expect(stored.map((r) => r.n)).toEqual([...all].sort((a, b) => a - b));
  });

  it.each([7, 8])(
    "a mixed workload of 8 clients at once keeps every count equal to a fresh COUNT(*) (seed %i)",
    async (seed) => {
      const rnd = prng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
      const admin = await person("ADMIN");
      const customers = await Promise.all(Array.from({ length: 3 }, () => person("CUSTOMER")));
      const engineers: string[] = [];
      for (let i = 0; i < 6; i++)
        engineers.push((await person("ENGINEER", i < 4 ? "APPROVED" : "PENDING")).userId);
      const statuses: TicketStatus[] = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"];
      const actorOf = async (userId: string) => {
        const u = await findUserByUserId(userId);
        return u ? toActor(u) : undefined;
      };
      const someTicket = async () => {
        const rows = await getDb().select({ number: tickets.number }).from(tickets);
        return rows.length ? pick(rows).number : undefined;
      };
      const tried: Record<string, number> = {};
      let succeeded = 0;
      const ops: Record<string, () => Promise<unknown>> = {
        create: () => createTicket(pick(customers).actor, body),
        status: async () => {
          const n = await someTicket();
          if (n === undefined) return;
          return updateTicket(
            admin.actor,
            String(n),
            updateTicketSchema.parse({ status: pick(statuses) }),
          );
        },
        reassign: async () => {
          const n = await someTicket();
          if (n === undefined) return;
          const to = rnd() < 0.25 ? null : pick(engineers);
          return updateTicket(admin.actor, String(n), updateTicketSchema.parse({ assignee: to }));
        },
        accept: async () => {
          const n = await someTicket();
          const who = await actorOf(pick(engineers));
          if (n === undefined || !who) return;
          return acceptTicket(who, String(n));
        },
        reject: () =>
          updateUser(
            admin.actor,
            pick(engineers),
            updateUserSchema.parse({ userStatus: "REJECTED" }),
          ),
        approve: () =>
          updateUser(
            admin.actor,
            pick(engineers),
            updateUserSchema.parse({ userStatus: "APPROVED" }),
          ),
      };
      const bag = [
        ...Array<string>(10).fill("create"),
        ...Array<string>(6).fill("status"),
        ...Array<string>(3).fill("reassign"),
        ...Array<string>(3).fill("accept"),
        "reject",
        ...Array<string>(2).fill("approve"),
      ];
      await concurrently(8, 25, async () => {
        const op = pick(bag);
        tried[op] = (tried[op] ?? 0) + 1;
        try {
          await ops[op]();
          succeeded += 1;
        } catch (error) {
          // Refusals (accepting a ticket someone else holds, a rule about statuses) are answers;
          // anything else (a deadlock that escaped, a constraint violation) is a failure.
          if (!(error instanceof AppError)) throw error;
        }
      });
      expect(await drift()).toEqual([]);
      expect(await stranded()).toEqual([]);
      // The run really mixed every kind of change, and most of them went through.
      for (const op of Object.keys(ops)) expect(tried[op], op).toBeGreaterThan(0);
      expect(succeeded).toBeGreaterThan(100);
    },
  );
});
