import type { Metadata } from "next";
import Link from "next/link";
import { updateCustomerAction } from "@/app/(portal)/customers/actions";
import { CustomerStatusBadge, InteractionStatusBadge, KIND_LABEL } from "@/components/crm/badges";
import { EditCustomerForm } from "@/components/crm/customer-form";
import { LocalTime } from "@/components/crm/local-time";
import { When } from "@/components/tickets/badges";
import { TicketTable } from "@/components/tickets/ticket-table";
import { ActionButton } from "@/components/ui/action-button";
import { Alert } from "@/components/ui/alert";
import { FlashBanner } from "@/components/ui/flash-banner";
import { ButtonLink } from "@/components/ui/button";
import { Facts, type FactItem } from "@/components/ui/facts";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { customerHistory, getCustomer, type CustomerEvent } from "@/lib/crm/customers";
import { listInteractions } from "@/lib/crm/interactions";
import { detailLoader } from "@/app/(portal)/detail-loader";
import { listTickets } from "@/lib/tickets/list-tickets";
import { listTicketsQuery } from "@/lib/validation/tickets";
import { listInteractionsQuery } from "@/lib/validation/crm";

type Props = { params: Promise<{ userId: string }> };

const customerOf = detailLoader(async (userId) =>
  getCustomer(await requireActor("ADMIN", "ENGINEER"), decodeURIComponent(userId)),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const customer = await customerOf.find((await params).userId);
  return { title: customer ? `${customer.name} · Customer` : "Not found" };
}

function describe(e: CustomerEvent) {
  const who = e.actorName ?? "Caseline";
  switch (e.type) {
    case "created":
      return `${who} created the account`;
    case "imported":
      return `${who} imported the customer`;
    case "invited":
      return `${who} sent an invitation to ${e.newValue ?? "their address"}`;
    case "deactivated":
      return `${who} deactivated the account`;
    case "reactivated":
      return `${who} turned the account back on`;
    default:
      return `${who} changed ${e.field}${e.oldValue ? ` from “${e.oldValue}”` : ""} to “${e.newValue ?? ""}”`;
  }
}

export default async function CustomerPage({ params }: Props) {
  const actor = await requireActor("ADMIN", "ENGINEER");
  const customer = await customerOf.get((await params).userId);
  const isAdmin = actor.userType === "ADMIN";
  const tickets = await listTickets(
    actor,
    listTicketsQuery.parse({ reporter: customer.userId, sort: "updated", limit: 10 }),
  );
  const interactions = await listInteractions(
    actor,
    listInteractionsQuery.parse({ customer: customer.userId, limit: 20 }),
  );
  const history = await customerHistory(actor, customer.userId);
  const active = customer.status === "ACTIVE";
  const toggle = updateCustomerAction.bind(null, {
    userId: customer.userId,
    changes: { active: !active },
  });
  const facts: FactItem[] = [
    ["User ID", customer.userId],
    ["Email", customer.email],
    ["Email confirmed", customer.emailVerifiedAt ? "Yes" : "Not yet"],
    ...(customer.emailBouncedAt
      ? ([
          [
            "Email bounced",
            <span key="b" className="font-medium text-red-700 dark:text-red-300">
              Mail to this address bounced <When iso={customer.emailBouncedAt} />
            </span>,
          ],
        ] as FactItem[])
      : []),
    ["Phone", customer.phone ?? "—"],
    ["Company", customer.company ?? "—"],
    ["Password", customer.hasPassword ? "Set" : "Invited, not chosen yet"],
    ["Customer since", <When key="c" iso={customer.createdAt} />],
    ["Last active", customer.lastActiveAt ? <When key="l" iso={customer.lastActiveAt} /> : "Never"],
  ];

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/customers" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Customers
        </Link>
      </p>
      <PageHeader
        title={customer.name}
        description={customer.company ?? undefined}
        actions={
          <div className="flex flex-wrap items-start gap-2">
            <CustomerStatusBadge status={customer.status} />
            <ButtonLink href={`/interactions/new?customer=${customer.userId}`} variant="secondary">
              Schedule
            </ButtonLink>
            {isAdmin ? (
              <ActionButton
                action={toggle}
                variant={active ? "danger" : "secondary"}
                pendingLabel={active ? "Deactivating…" : "Reactivating…"}
                confirm={
                  active
                    ? {
                        title: `Deactivate ${customer.name}?`,
                        body: "They will be signed out everywhere and can no longer sign in. Their tickets, meetings and history stay, and you can turn the account back on at any time.",
                        confirmLabel: "Deactivate",
                      }
                    : undefined
                }
              >
                {active ? "Deactivate" : "Reactivate"}
              </ActionButton>
            ) : null}
          </div>
        }
      />
      <FlashBanner />
      {!active ? (
        <Alert tone="warning" className="mb-4">
          This account is deactivated: {customer.name} cannot sign in. Their tickets stay.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="tickets-heading">
            <div className="mb-3 flex items-baseline justify-between gap-4">
              <h2 id="tickets-heading" className="text-lg font-semibold">
                Tickets{" "}
                <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
                  {customer.activeTickets} active of {customer.totalTickets}
                </span>
              </h2>
              {tickets.nextCursor ? (
                <Link
                  href={`/tickets?reporter=${customer.userId}`}
                  className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  All their tickets
                </Link>
              ) : null}
            </div>
            {tickets.data.length ? (
              <TicketTable tickets={tickets.data} showReporter={false} caption="Their tickets" />
            ) : (
              <EmptyState title="No tickets you can see" />
            )}
          </section>
          <section aria-labelledby="interactions-heading">
            <h2 id="interactions-heading" className="mb-3 text-lg font-semibold">
              Meetings, calls and tasks
            </h2>
            {interactions.data.length ? (
              <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
                {interactions.data.map((i) => (
                  <li
                    key={i.id}
                    data-row
                    className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm"
                  >
                    <InteractionStatusBadge status={i.status} overdue={i.overdue} />
                    <span className="text-zinc-600 dark:text-zinc-400">{KIND_LABEL[i.kind]}</span>
                    <Link
                      href={`/interactions/${i.id}`}
                      data-row-link
                      className="min-w-0 font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {i.title}
                    </Link>
                    <span className="ml-auto text-zinc-600 dark:text-zinc-400">
                      <LocalTime iso={i.scheduledAt} />
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title="Nothing scheduled">
                <Link
                  href={`/interactions/new?customer=${customer.userId}`}
                  className="text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  Schedule a meeting or call
                </Link>
              </EmptyState>
            )}
          </section>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading" className="mb-3 text-lg font-semibold">
              History
            </h2>
            <ol aria-label="History" className="space-y-2 text-sm">
              {history.map((e) => (
                <li key={`${e.type}-${e.id}`} className="flex flex-wrap justify-between gap-2">
                  <span>{describe(e)}</span>
                  <span className="text-zinc-600 dark:text-zinc-400">
                    <When iso={e.createdAt} />
                  </span>
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div className="space-y-6">
          <Card>
            <Facts items={facts} />
          </Card>
          {isAdmin ? (
            <Card>
              <h2 className="mb-3 text-sm font-semibold">Edit details</h2>
              <EditCustomerForm customer={customer} action={updateCustomerAction} />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
