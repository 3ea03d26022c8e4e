import type { Metadata } from "next";
import { parseRowId } from "@/lib/validation/ids";
import Link from "next/link";
import {
  deleteInteractionAction,
  raiseTicketAction,
  updateInteractionAction,
} from "@/app/(portal)/interactions/actions";
import { InteractionStatusBadge, KIND_LABEL } from "@/components/crm/badges";
import { EditInteractionForm, RaiseTicketForm } from "@/components/crm/interaction-form";
import { LocalTime } from "@/components/crm/local-time";
import { TicketStatusBadge, When } from "@/components/tickets/badges";
import { ActionButton } from "@/components/ui/action-button";
import { FlashBanner } from "@/components/ui/flash-banner";
import { Facts, type FactItem } from "@/components/ui/facts";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { getInteraction, interactionTickets, listStaff } from "@/lib/crm/interactions";
import { detailLoader } from "@/app/(portal)/detail-loader";
import { notFound as notFoundError } from "@/lib/errors";

type Props = { params: Promise<{ id: string }> };

const interactionOf = detailLoader(async (id) => {
  const actor = await requireActor("ADMIN", "ENGINEER");
  const number = parseRowId(id);
  if (number === undefined) throw notFoundError();
  return getInteraction(actor, number);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const interaction = await interactionOf.find((await params).id);
  return { title: interaction ? interaction.title : "Not found" };
}

export default async function InteractionPage({ params }: Props) {
  const actor = await requireActor("ADMIN", "ENGINEER");
  const interaction = await interactionOf.get((await params).id);
  const tickets = await interactionTickets(actor, interaction.id);
  const isAdmin = actor.userType === "ADMIN";
  const mayEdit = isAdmin || interaction.owner === actor.userId;
  const setStatus = (status: "DONE" | "CANCELLED" | "PLANNED") =>
    updateInteractionAction.bind(null, { id: interaction.id, changes: { status } });
  const remove = deleteInteractionAction.bind(null, { id: interaction.id });
  const staff = mayEdit && isAdmin ? await listStaff(actor) : [];
  const facts: FactItem[] = [
    ["When", <LocalTime key="w" iso={interaction.scheduledAt} />],
    ["Kind", KIND_LABEL[interaction.kind]],
    [
      "Customer",
      <Link
        key="c"
        href={`/customers/${interaction.customer}`}
        className="text-indigo-700 hover:underline dark:text-indigo-300"
      >
        {interaction.customerName}
        {interaction.customerCompany ? ` (${interaction.customerCompany})` : ""}
      </Link>,
    ],
    ["Owner", interaction.ownerName],
    ["Created", <When key="cr" iso={interaction.createdAt} />],
    interaction.completedAt && ["Done", <When key="d" iso={interaction.completedAt} />],
  ];

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/interactions" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Interactions
        </Link>
      </p>
      <PageHeader
        title={interaction.title}
        description={`${KIND_LABEL[interaction.kind]} with ${interaction.customerName}`}
        actions={
          <div className="flex flex-wrap items-start gap-2">
            <InteractionStatusBadge status={interaction.status} overdue={interaction.overdue} />
            {mayEdit && interaction.status === "PLANNED" ? (
              <>
                <ActionButton action={setStatus("DONE")} pendingLabel="Saving…">
                  Mark done
                </ActionButton>
                <ActionButton
                  action={setStatus("CANCELLED")}
                  variant="secondary"
                  pendingLabel="Cancelling…"
                  confirm={{
                    title: "Cancel this?",
                    body:
                      interaction.kind === "MEETING" || interaction.kind === "CALL"
                        ? `${interaction.customerName} will be emailed that it is cancelled.`
                        : "It leaves the agenda; you can plan it again later.",
                    confirmLabel: "Cancel it",
                  }}
                >
                  Cancel
                </ActionButton>
              </>
            ) : null}
            {mayEdit && interaction.status !== "PLANNED" ? (
              <ActionButton
                action={setStatus("PLANNED")}
                variant="secondary"
                pendingLabel="Saving…"
              >
                Plan again
              </ActionButton>
            ) : null}
          </div>
        }
      />
      <FlashBanner />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          {interaction.notes ? (
            <Card>
              <h2 className="mb-2 text-sm font-semibold">Notes</h2>
              <p className="text-sm whitespace-pre-wrap">{interaction.notes}</p>
            </Card>
          ) : null}
          <Card>
            <h2 className="mb-3 text-sm font-semibold">Tickets raised from this</h2>
            {tickets.length ? (
              <ul className="mb-4 space-y-2 text-sm">
                {tickets.map((t) => (
                  <li key={t.number} className="flex items-center gap-2">
                    <TicketStatusBadge status={t.status} />
                    <Link
                      href={`/tickets/${t.number}`}
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      #{t.number} {t.title}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">None yet.</p>
            )}
            <details className="group">
              <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">
                Raise a ticket from this {KIND_LABEL[interaction.kind].toLowerCase()}
              </summary>
              <div className="mt-4">
                <RaiseTicketForm interaction={interaction} action={raiseTicketAction} />
              </div>
            </details>
          </Card>
          {mayEdit ? (
            <Card>
              <h2 className="mb-3 text-sm font-semibold">Edit</h2>
              <EditInteractionForm
                interaction={interaction}
                staff={staff}
                isAdmin={isAdmin}
                action={updateInteractionAction}
              />
            </Card>
          ) : null}
        </div>
        <div className="space-y-6">
          <Card>
            <Facts items={facts} />
          </Card>
          {mayEdit ? (
            <ActionButton
              action={remove}
              variant="danger"
              pendingLabel="Deleting…"
              confirm={{
                title: `Delete "${interaction.title}"?`,
                body: "It is removed for good. Tickets raised from it stay, without the link.",
                confirmLabel: "Delete",
              }}
            >
              Delete interaction
            </ActionButton>
          ) : null}
        </div>
      </div>
    </>
  );
}
