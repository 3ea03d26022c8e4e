import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { TicketTable } from "@/components/tickets/ticket-table";
import { requireActor } from "@/lib/auth/session";
import { listTickets } from "@/lib/tickets/list-tickets";
import { listTicketsQuery } from "@/lib/validation/tickets";

export const metadata: Metadata = { title: "Dashboard" };

export default async function CustomerDashboard() {
  const actor = await requireActor("CUSTOMER");
  const active = await listTickets(
    actor,
    listTicketsQuery.parse({ active: "true", sort: "updated", limit: 50 }),
  );
  const recent = await listTickets(
    actor,
    listTicketsQuery.parse({ active: "false", sort: "updated", limit: 5 }),
  );
  return (
    <>
      <PageHeader
        title={`Welcome, ${actor.name}`}
        description="Your tickets with the support team."
        actions={<ButtonLink href="/tickets/new">Raise a ticket</ButtonLink>}
      />
      <section aria-labelledby="open-heading" className="mb-8">
        <h2 id="open-heading" className="mb-3 text-lg font-semibold">
          Open tickets
        </h2>
        {active.data.length ? (
          <TicketTable tickets={active.data} showReporter={false} caption="Your open tickets" />
        ) : (
          <EmptyState title="Nothing open">
            Something not working? Raise a ticket and an engineer picks it up.
          </EmptyState>
        )}
      </section>
      {recent.data.length ? (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading" className="mb-3 text-lg font-semibold">
            Recently resolved or closed
          </h2>
          <TicketTable
            tickets={recent.data}
            showReporter={false}
            caption="Your resolved and closed tickets"
          />
        </section>
      ) : null}
    </>
  );
}
