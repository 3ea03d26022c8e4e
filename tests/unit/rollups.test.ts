import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { rollupDifferences } from "@/db/rollups";
import type { TicketStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { createTicket } from "@/lib/tickets/create-ticket";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { addReply } from "@/lib/tickets/replies";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { createTicketSchema, replySchema, updateTicketSchema } from "@/lib/validation/tickets";
import { deleteUser } from "@/lib/users/delete-user";
import { updateUser } from "@/lib/users/update-user";
import { updateUserSchema } from "@/lib/validation/users";
import { mulberry32 } from "@/scripts/bench/build-db";
import { makeUser } from "../helpers";
import { person, setTicket } from "../ticket-kit";

/**
 * The overview's rollups (db/rollups.ts, docs/reports.md#how-the-overview-stays-cheap) against a
 * full recount after every operation of a random workload, on both engines: creations, staff and
 * customer replies (first replies), every status change (resolving, reopening, closing),
 * reassignments and returns to the pool, deletions, and tickets moved to other days (as an
 * import or a backfill writes them).
 */

const DAY = 86_400_000;
const STATUSES: TicketStatus[] = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"];
const numbers = async () =>
  (await rows<{ n: number }>(sql`select number as "n" from tickets order by number`)).map(
    (r) => r.n,
  );

describe("the overview's rollups", () => {
  it.each([1, 2])(
    "equal a full recount after every one of 150 random operations (seed %i)",
    async (seed) => {
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
      const admin = await person("ADMIN");
      const engineers = [await person("ENGINEER"), await person("ENGINEER")];
      const customers = [await person("CUSTOMER"), await person("CUSTOMER")];
      const done: Record<string, number> = {};
      const log: string[] = [];

      const ops: Record<string, () => Promise<unknown>> = {
        create: () =>
          createTicket(
            pick(customers).actor,
            createTicketSchema.parse({ title: "Printer jams", description: "Every page." }),
          ),
        staffReply: async () => {
          const n = pick(await numbers());
          return (
            n &&
            addReply(
              pick([admin, ...engineers]).actor,
              String(n),
              replySchema.parse({ body: "On it." }),
            )
          );
        },
        customerReply: async () => {
          // The ticket's own reporter: after a staff reply they may answer.
          const [t] = await rows<{ n: number; reporter: number }>(
            sql`select number as "n", reporter_id as "reporter" from tickets
                order by number limit 1 offset ${Math.floor(rand() * 20)}`,
          );
          const reporter = t && customers.find((c) => c.id === t.reporter);
          return (
            reporter &&
            addReply(reporter.actor, String(t.n), replySchema.parse({ body: "Thanks." }))
          );
        },
        status: async () => {
          const n = pick(await numbers());
          return (
            n &&
            updateTicket(
              admin.actor,
              String(n),
              updateTicketSchema.parse({ status: pick(STATUSES) }),
            )
          );
        },
        assign: async () => {
          const n = pick(await numbers());
          const to = pick([null, ...engineers.map((e) => e.user.userId)]);
          return (
            n && updateTicket(admin.actor, String(n), updateTicketSchema.parse({ assignee: to }))
          );
        },
        accept: async () => {
          const n = pick(await numbers());
          return n && acceptTicket(pick(engineers).actor, String(n));
        },
        delete: async () => {
          const n = pick(await numbers());
          return n && deleteTicket(admin.actor, String(n));
        },
        // Another day, as an import writes it: created, first reply and resolution all move.
        backdate: async () => {
          const n = pick(await numbers());
          if (!n) return undefined;
          const created = Date.now() - Math.floor(rand() * 40 * DAY);
          await setTicket(n, {
            created_at: created,
            first_staff_reply_at: rand() < 0.6 ? created + Math.floor(rand() * 3 * DAY) : null,
            resolved_at: rand() < 0.5 ? created + Math.floor(rand() * 20 * DAY) : null,
          });
          return true;
        },
      };
      const weights: [string, number][] = [
        ["create", 27],
        ["staffReply", 15],
        ["customerReply", 8],
        ["status", 20],
        ["assign", 7],
        ["accept", 5],
        ["delete", 5],
        ["backdate", 18],
      ];
      const bag = weights.flatMap(([op, w]) => Array<string>(w).fill(op));

      for (let i = 0; i < 150; i++) {
        const op = pick(bag);
        log.push(op);
        try {
          if (await ops[op]()) done[op] = (done[op] ?? 0) + 1;
        } catch (error) {
          // Refusals (a customer who must wait for staff, a status rule) are fine; crashes are not.
          if (!(error instanceof AppError)) throw error;
        }
        expect(await rollupDifferences(), `after op ${i} (${log.slice(-4).join(", ")})`).toEqual(
          [],
        );
      }
      // Every kind of operation took effect at least once.
      expect(Object.keys(done).sort()).toEqual(weights.map(([op]) => op).sort());
      const [kept] = await rows<{ days: number; waits: number; counts: number }>(
        sql`select (select count(*) from ticket_days where created <> 0) as "days",
                   (select count(*) from ticket_waits where tickets <> 0) as "waits",
                   (select count(*) from ticket_counts where tickets <> 0) as "counts"`,
      );
      // The run spread over many days, wait buckets, statuses and assignees, not one.
      expect(Number(kept.days)).toBeGreaterThan(5);
      expect(Number(kept.waits)).toBeGreaterThan(5);
      expect(Number(kept.counts)).toBeGreaterThan(3);
    },
  );

  it("are a recount after concurrent creations, replies and status changes", async () => {
    const admin = await person("ADMIN");
    await person("ENGINEER");
    await person("ENGINEER");
    const customers = await Promise.all([1, 2, 3, 4].map(() => person("CUSTOMER")));
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        createTicket(
          customers[i % 4].actor,
          createTicketSchema.parse({ title: `Burst ${i}`, description: "At once." }),
        ),
      ),
    );
    const refs = made.map((t) => String(t.ticket.number));
    await Promise.all(
      refs.flatMap((ref, i) => [
        addReply(admin.actor, ref, replySchema.parse({ body: "Looking." })),
        updateTicket(
          admin.actor,
          ref,
          updateTicketSchema.parse({ status: i % 2 ? "RESOLVED" : "BLOCKED" }),
        ).catch((e: unknown) => {
          if (!(e instanceof AppError)) throw e;
        }),
      ]),
    );
    expect(await rollupDifferences()).toEqual([]);
  });

  it("count users by role and standing as a recount does, through sign-ups, approvals, role changes and deletions", async () => {
    const rand = mulberry32(3);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const admin = await person("ADMIN");
    const made: string[] = [];
    const done = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const op =
        made.length < 3 ? "signUp" : pick(["signUp", "signUp", "status", "role", "delete"]);
      try {
        if (op === "signUp") {
          made.push(
            (await makeUser(pick(["CUSTOMER", "ENGINEER"]), pick(["PENDING", "APPROVED"]))).userId,
          );
        } else if (op === "delete") {
          await deleteUser(admin.actor, made.splice(Math.floor(rand() * made.length), 1)[0]);
        } else {
          const change =
            op === "status"
              ? { userStatus: pick(["APPROVED", "REJECTED", "PENDING"]) }
              : { userType: pick(["CUSTOMER", "ENGINEER", "ADMIN"]) };
          await updateUser(admin.actor, pick(made), updateUserSchema.parse(change));
        }
        done.add(op);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
      expect(await rollupDifferences(), `after ${op} (${i})`).toEqual([]);
    }
    expect([...done].sort()).toEqual(["delete", "role", "signUp", "status"]);
  });
});
