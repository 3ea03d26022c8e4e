import type { Metadata } from "next";
import { acceptTicketAction } from "@/app/(portal)/tickets/actions";
import { ActionButton } from "@/components/ui/action-button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { PriorityBadge, When } from "@/components/tickets/badges";
import { TicketTable } from "@/components/tickets/ticket-table";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { listTickets } from "@/lib/tickets/list-tickets";
import { listTicketsQuery } from "@/lib/validation/tickets";

export const metadata: Metadata = { title: "Queue" };

export default async function EngineerDashboard() {
  const actor = await requireActor("ENGINEER");
  const queue = await listTickets(
    actor,
    listTicketsQuery.parse({ assignee: actor.userId, active: "true", sort: "queue", limit: 100 }),
  );
  const pool = await listTickets(
    actor,
    listTicketsQuery.parse({
      unassigned: "true",
      active: "true",
      // The most urgent first, then the oldest: what an engineer should take next.
      sort: "queue",
      limit: 20,
    }),
  );
  return (
    <>
      <PageHeader
        title="Your queue"
        description="Working tickets first, then blocked ones; by priority, oldest first."
      />
      <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
        <section aria-labelledby="queue-heading" className="min-w-0">
          <h2 id="queue-heading" className="sr-only">
            Assigned to you
          </h2>
          {queue.data.length ? (
            <TicketTable tickets={queue.data} showAssignee={false} caption="Your queue" />
          ) : (
            <EmptyState title="Your queue is empty">
              New tickets are assigned to the least busy engineer; take one from the pool meanwhile.
            </EmptyState>
          )}
        </section>
        <section aria-labelledby="pool-heading" className="min-w-0">
          <Card>
            <h2 id="pool-heading" className="mb-3 font-semibold">
              Unassigned pool
            </h2>
            {pool.data.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No unassigned tickets.</p>
            ) : (
              <ul className="space-y-3">
                {pool.data.map((t) => (
                  <li
                    key={t.number}
                    data-row
                    className="flex items-start justify-between gap-3 text-sm"
                  >
                    <div className="min-w-0">
                      <Link
                        href={`/tickets/${t.number}`}
                        data-row-link
                        className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        #{t.number} {t.title}
                      </Link>
                      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                        <PriorityBadge priority={t.ticketPriority} /> · raised{" "}
                        <When iso={t.createdAt} />
                      </p>
                    </div>
                    <ActionButton
                      size="sm"
                      variant="secondary"
                      label={`Accept #${t.number}`}
                      action={acceptTicketAction.bind(null, { ref: String(t.number) })}
                    >
                      Accept
                    </ActionButton>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </section>
      </div>
    </>
  );
}
