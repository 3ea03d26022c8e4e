import type { Metadata } from "next";
import Link from "next/link";
import {
  acceptTicketAction,
  deleteTicketAction,
  updateTicketAction,
} from "@/app/(portal)/tickets/actions";
import { LiveTicketScope } from "@/components/live/live-updates";
import { FlashBanner } from "@/components/ui/flash-banner";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PriorityBadge, TicketStatusBadge, When } from "@/components/tickets/badges";
import { Conversation } from "@/components/tickets/conversation";
import { ReplyForm } from "@/components/tickets/reply-form";
import { TicketActions } from "@/components/tickets/ticket-actions";
import { Timeline } from "@/components/tickets/timeline";
import { WindowLinks } from "@/components/tickets/window-links";
import { requireActor } from "@/lib/auth/session";
import { detailLoader } from "@/app/(portal)/detail-loader";
import { listAttachments } from "@/lib/tickets/attachments";
import { latestEvents, userNamesInEvents } from "@/lib/tickets/events";
import { toPublicTicket } from "@/lib/tickets/public-ticket";
import { canReply, CUSTOMER_WAITS_MESSAGE, latestReplies } from "@/lib/tickets/replies";
import { ACTIVE_STATUSES } from "@/lib/tickets/statuses";
import { findVisibleTicket, isStaff } from "@/lib/tickets/visibility";
import { listApprovedEngineers } from "@/lib/users/list-engineers";
import { parseRowId } from "@/lib/validation/ids";

type Props = {
  params: Promise<{ ref: string }>;
  searchParams: Promise<{ replies?: string | string[]; events?: string | string[] }>;
};

/**
 * How many replies and events the page shows at once: the latest, with links back through the
 * earlier ones (`?replies=` and `?events=` name the id they come before), so a ticket with
 * thousands of either renders a page of them.
 */
const REPLIES_SHOWN = 50;
const EVENTS_SHOWN = 50;

const ticketOf = detailLoader(async (ref) =>
  findVisibleTicket(await requireActor(), decodeURIComponent(ref)),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const row = await ticketOf.find((await params).ref);
  return { title: row ? `#${row.number} ${row.title}` : "Not found" };
}

export default async function TicketPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const row = await ticketOf.get((await params).ref);
  const search = await searchParams;
  // Where each list stands; a malformed or stale position shows the latest, as the plain address does.
  const positions = { replies: parseRowId(search.replies), events: parseRowId(search.events) };
  const ticket = toPublicTicket(row);
  const key = String(ticket.number);
  const path = `/tickets/${ticket.number}`;
  const replies = await latestReplies(actor, key, {
    beforeId: positions.replies,
    limit: REPLIES_SHOWN,
  });
  const events = await latestEvents(actor, key, {
    beforeId: positions.events,
    limit: EVENTS_SHOWN,
  });
  const attachments = await listAttachments(actor, key);
  const eventNames = await userNamesInEvents(events.items);
  const isAdmin = actor.userType === "ADMIN";
  const isAssignee = row.assigneeId === actor.id;
  const isReporter = row.reporterId === actor.id;
  const active = ACTIVE_STATUSES.includes(ticket.status);
  const can = {
    canAccept:
      actor.userType === "ENGINEER" &&
      active &&
      // Once accepted it stays accepted (blocked and back is still theirs); reassigning resets it.
      (row.assigneeId === null || (isAssignee && row.acceptedAt === null)),
    canSetAnyStatus: isAdmin || isAssignee,
    canClose: isReporter && ticket.status !== "CLOSED",
    canReopen: isReporter && (ticket.status === "RESOLVED" || ticket.status === "CLOSED"),
    isAdmin,
  };
  const showActions =
    can.canAccept || can.canSetAnyStatus || can.canClose || can.canReopen || isAdmin;
  const engineers = showActions && isAdmin ? await listApprovedEngineers(actor) : [];
  const facts: [string, React.ReactNode][] = [
    ["Status", <TicketStatusBadge key="s" status={ticket.status} />],
    ["Priority", <PriorityBadge key="p" priority={ticket.ticketPriority} />],
    ["Reporter", `${ticket.reporterName} (${ticket.reporter})`],
    ["Assignee", ticket.assignee ? `${ticket.assigneeName} (${ticket.assignee})` : "Unassigned"],
    ["Category", ticket.category ?? "—"],
    ...(ticket.interactionId && isStaff(actor)
      ? [
          [
            "Raised from",
            <Link
              key="i"
              href={`/interactions/${ticket.interactionId}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              Interaction #{ticket.interactionId}
            </Link>,
          ] as [string, React.ReactNode],
        ]
      : []),
    ["Created", <When key="c" iso={ticket.createdAt} />],
    ["Updated", <When key="u" iso={ticket.updatedAt} />],
    ...(ticket.acceptedAt
      ? [["Accepted", <When key="a" iso={ticket.acceptedAt} />] as [string, React.ReactNode]]
      : []),
    ...(ticket.resolvedAt
      ? [["Resolved", <When key="r" iso={ticket.resolvedAt} />] as [string, React.ReactNode]]
      : []),
    ...(ticket.closedAt
      ? [["Closed", <When key="x" iso={ticket.closedAt} />] as [string, React.ReactNode]]
      : []),
  ];

  return (
    <>
      <LiveTicketScope number={ticket.number} />
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="font-mono text-sm text-zinc-600 dark:text-zinc-400">#{ticket.number}</p>
          <h1 className="text-2xl font-semibold tracking-tight break-words">{ticket.title}</h1>
        </div>
        <ButtonLink href="/tickets" variant="secondary">
          All tickets
        </ButtonLink>
      </div>
      <FlashBanner />
      {/* One column on a phone, in the order a visitor needs it: where the ticket stands and what
          they can do, then the conversation, then the history. From lg up the first and last sit
          in a right-hand column beside the conversation. */}
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem] lg:grid-rows-[auto_1fr]">
        <div className="min-w-0 space-y-6 lg:col-start-2 lg:row-start-1">
          <Card>
            <h2 className="mb-3 text-sm font-semibold">Details</h2>
            <dl className="space-y-2 text-sm">
              {facts.map(([label, value]) => (
                <div key={label} className="flex justify-between gap-3">
                  <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
                  <dd className="min-w-0 text-right break-words">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          {showActions ? (
            <Card>
              <h2 className="mb-3 text-sm font-semibold">Actions</h2>
              <TicketActions
                ticketRef={key}
                number={ticket.number}
                status={ticket.status}
                priority={ticket.ticketPriority}
                assignee={ticket.assignee}
                engineers={engineers}
                can={can}
                acceptAction={acceptTicketAction}
                updateAction={updateTicketAction}
                deleteAction={deleteTicketAction}
              />
            </Card>
          ) : null}
        </div>
        <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <Card>
            <h2 className="sr-only">Description</h2>
            <p className="text-sm break-words whitespace-pre-wrap">{ticket.description}</p>
          </Card>
          <section aria-labelledby="conversation-heading" className="space-y-3">
            <h2 id="conversation-heading" className="text-lg font-semibold">
              Conversation
            </h2>
            <WindowLinks
              path={path}
              name="replies"
              window={replies}
              positions={positions}
              anchor="conversation-heading"
              earlierLabel="Show earlier replies"
              latestLabel="Back to the latest replies"
            >
              <Conversation replies={replies.items} attachments={attachments} />
            </WindowLinks>
          </section>
          <Card>
            {canReply(actor, row) || isStaff(actor) ? (
              <ReplyForm ticketRef={key} staff={isStaff(actor)} />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{CUSTOMER_WAITS_MESSAGE}</p>
            )}
          </Card>
        </div>
        <div className="min-w-0 lg:col-start-2 lg:row-start-2">
          <Card>
            <h2 id="timeline-heading" className="mb-3 text-sm font-semibold">
              Timeline
            </h2>
            <WindowLinks
              path={path}
              name="events"
              window={events}
              positions={positions}
              anchor="timeline-heading"
              earlierLabel="Show earlier events"
              latestLabel="Back to the latest events"
            >
              <Timeline events={events.items} names={eventNames} />
            </WindowLinks>
          </Card>
        </div>
      </div>
    </>
  );
}
