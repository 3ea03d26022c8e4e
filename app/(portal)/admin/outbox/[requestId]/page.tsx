import type { Metadata } from "next";
import Link from "next/link";
import { retryNotificationAction } from "@/app/(portal)/admin/actions";
import { NotificationStatusBadge } from "@/components/notifications/status-badge";
import { When } from "@/components/tickets/badges";
import { ActionButton } from "@/components/ui/action-button";
import { Alert } from "@/components/ui/alert";
import { Facts, type FactItem } from "@/components/ui/facts";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { detailLoader } from "@/app/(portal)/detail-loader";
import { previewNotification } from "@/lib/notifications/requests";

type Props = { params: Promise<{ requestId: string }> };

const messageOf = detailLoader(async (requestId) =>
  previewNotification(await requireActor("ADMIN"), decodeURIComponent(requestId)),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const message = await messageOf.find((await params).requestId);
  return { title: message ? `Email: ${message.subject}` : "Not found" };
}

export default async function OutboxMessagePage({ params }: Props) {
  const message = await messageOf.get((await params).requestId);
  const retry = retryNotificationAction.bind(null, { requestId: message.requestId });
  const facts: FactItem[] = [
    ["Status", <NotificationStatusBadge key="s" status={message.status} />],
    ["To", message.recipientEmails.join(", ")],
    ["Requested by", message.requester],
    ["Attempts", message.attempts],
    ["Queued", <When key="q" iso={message.createdAt} />],
    message.sentAt && ["Sent", <When key="t" iso={message.sentAt} />],
    message.nextAttemptAt && ["Next attempt", <When key="n" iso={message.nextAttemptAt} />],
    message.ticketNumber && [
      "Ticket",
      <Link
        key="k"
        href={`/tickets/${message.ticketNumber}`}
        className="text-indigo-700 hover:underline dark:text-indigo-300"
      >
        #{message.ticketNumber}
      </Link>,
    ],
    [
      "Request ID",
      <code key="r" className="text-xs">
        {message.requestId}
      </code>,
    ],
  ];

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/outbox" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Outbox
        </Link>
      </p>
      <PageHeader
        title={message.subject || "(no subject)"}
        actions={
          message.status === "FAILED" ? (
            <ActionButton action={retry} pendingLabel="Queuing…">
              Retry sending
            </ActionButton>
          ) : null
        }
      />
      {message.lastError && message.status !== "SENT" ? (
        <Alert tone={message.status === "FAILED" ? "error" : "warning"} className="mb-4">
          Last error: {message.lastError}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="mb-3 text-sm font-semibold">As the recipient sees it</h2>
            <iframe
              title="The email's HTML part"
              srcDoc={message.html}
              sandbox=""
              className="h-[32rem] w-full rounded-md border border-zinc-200 bg-white dark:border-zinc-700"
            />
          </Card>
          <Card>
            <h2 className="mb-3 text-sm font-semibold">Plain-text part</h2>
            <pre className="overflow-x-auto text-sm whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
              {message.text}
            </pre>
          </Card>
        </div>
        <Card className="h-fit">
          <Facts items={facts} />
        </Card>
      </div>
    </>
  );
}
