import type { Metadata } from "next";
import Link from "next/link";
import { discardInboundAction, retryInboundAction } from "@/app/(portal)/admin/email/actions";
import { detailLoader } from "@/app/(portal)/detail-loader";
import { InboundStatusBadge } from "@/components/email/inbound-status-badge";
import { RetryButton } from "@/components/email/retry-button";
import { When } from "@/components/tickets/badges";
import { ActionButton } from "@/components/ui/action-button";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Facts, type FactItem } from "@/components/ui/facts";
import { requireActor } from "@/lib/auth/session";
import { getInboundMessage, type InboundMessageView } from "@/lib/email/inbound-log";
import { notFound } from "@/lib/errors";
import { INBOUND_CHANNEL_LABEL } from "@/lib/labels";
import { parseRowId } from "@/lib/validation/ids";

type Props = { params: Promise<{ id: string }> };

const messageOf = detailLoader(async (id) => {
  const actor = await requireActor("ADMIN");
  const rowId = parseRowId(id);
  if (rowId === undefined) throw notFound("No such incoming email");
  return getInboundMessage(actor, rowId);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const message = await messageOf.find((await params).id);
  return { title: message ? `Incoming email: ${message.subject || "(no subject)"}` : "Not found" };
}

function size(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** Why it went as it did, in the tone of what is left to do. */
function ReasonAlert({ message }: { message: InboundMessageView }) {
  if (!message.reason) return null;
  const problem = message.status === "QUARANTINED" || message.status === "REFUSED";
  return (
    <Alert tone={problem ? "error" : "info"} className="mb-4 break-words">
      <span className="font-medium">Reason:</span> {message.reason}
    </Alert>
  );
}

export default async function InboundMessagePage({ params }: Props) {
  const message = await messageOf.get((await params).id);
  const target = { id: message.id };
  const quarantined = message.status === "QUARANTINED";
  const ticketLink = (n: number) => (
    <Link href={`/tickets/${n}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
      #{n}
    </Link>
  );
  const facts: FactItem[] = [
    ["Status", <InboundStatusBadge key="s" status={message.status} />],
    ["From", message.from ?? "(no sender)"],
    ["Subject", message.subject || "(no subject)"],
    ["Came in by", INBOUND_CHANNEL_LABEL[message.channel]],
    message.mailbox && ["Mailbox", message.mailbox.name],
    ["Size", size(message.size)],
    ["Retries", message.attempts],
    ["Received", <When key="r" iso={message.receivedAt} />],
    ["Updated", <When key="u" iso={message.updatedAt} />],
    message.ticketNumber && ["Ticket", ticketLink(message.ticketNumber)],
    [
      "Message-ID",
      <code key="m" className="text-xs break-all">
        {message.messageId}
      </code>,
    ],
  ];

  return (
    <>
      <p className="mb-2 text-sm">
        <Link
          href="/admin/email#log"
          className="text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← Inbound log
        </Link>
      </p>
      <PageHeader
        title={message.subject || "(no subject)"}
        actions={
          quarantined ? (
            <>
              {/* One over the size limit was never kept: there is nothing to retry from. */}
              {message.rawKept ? (
                <RetryButton action={retryInboundAction.bind(null, target)} />
              ) : null}
              <ActionButton
                variant="secondary"
                pendingLabel="Discarding…"
                action={discardInboundAction.bind(null, target)}
                confirm={{
                  title: "Discard this email?",
                  body: "It stays in the log as discarded, but its stored copy is deleted: it can't be retried or downloaded afterwards. The sender is not told.",
                  confirmLabel: "Discard email",
                  cancelLabel: "Keep it",
                }}
              >
                Discard
              </ActionButton>
            </>
          ) : null
        }
      />
      <ReasonAlert message={message} />
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <Card className="h-fit min-w-0">
          <h2 className="mb-3 text-sm font-semibold">What became of it</h2>
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            {outcomeText(message, ticketLink)}
          </p>
          {message.rawKept ? (
            <a
              href={`/api/v1/inbound-messages/${message.id}/raw`}
              className={buttonClass({ variant: "secondary", size: "sm" }, "mt-4")}
            >
              Download .eml
            </a>
          ) : (
            <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
              {message.status === "DISCARDED"
                ? "Its stored copy was removed when it was discarded."
                : "It was not kept: it was larger than the limit."}
            </p>
          )}
        </Card>
        <Card className="h-fit">
          <Facts items={facts} />
        </Card>
      </div>
    </>
  );
}

function outcomeText(m: InboundMessageView, ticketLink: (n: number) => React.ReactNode) {
  switch (m.status) {
    case "RECEIVED":
      return "It is being handled right now.";
    case "CREATED":
      return m.ticketNumber ? (
        <>It raised ticket {ticketLink(m.ticketNumber)}.</>
      ) : (
        "It raised a ticket."
      );
    case "THREADED":
      return m.ticketNumber ? (
        <>It joined the conversation of ticket {ticketLink(m.ticketNumber)}.</>
      ) : (
        "It joined a ticket's conversation."
      );
    case "IGNORED":
      return "It was ignored: nothing was made of it.";
    case "REFUSED":
      return "It was refused: no ticket or reply was made.";
    case "QUARANTINED":
      return quarantineAdvice(m);
    case "DISCARDED":
      return "An admin discarded it after it was quarantined.";
  }
}

function quarantineAdvice(m: InboundMessageView) {
  return m.rawKept
    ? "It could not be handled. Retry it once the cause is fixed (a raised limit, say): it is handled again as if it had just arrived. Or discard it."
    : "It could not be handled, and it was not kept: discard it, and ask the sender to send it again.";
}
