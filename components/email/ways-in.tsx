import type { z } from "zod";
import type { ServerAction } from "@/components/forms/server-action";
import { When } from "@/components/tickets/badges";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import type { InboundStatusView, MailboxView } from "@/lib/email/mailboxes";
import { countOf } from "@/lib/labels";
import type { createMailboxSchema, updateMailboxSchema } from "@/lib/validation/email";
import { MailboxControls } from "./mailbox-controls";
import { AddMailboxForm } from "./mailbox-form";

export type MailboxActions = {
  create: ServerAction<z.input<typeof createMailboxSchema>>;
  update: ServerAction<{ id: number; changes: z.input<typeof updateMailboxSchema> }>;
  remove: ServerAction<{ id: number }>;
  test: ServerAction<{ id: number }>;
  testUrl: ServerAction<{ url: string }>;
};

const code = "rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs dark:bg-zinc-800";

/** How mail reaches Caseline (docs/email.md#two-ways-in): the address, the receiver, the mailboxes. */
export function WaysIn({
  status,
  actions,
}: {
  status: InboundStatusView;
  actions: MailboxActions;
}) {
  return (
    <section aria-labelledby="ways-in" className="space-y-4">
      <h2 id="ways-in" className="text-lg font-semibold">
        Ways in
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <h3 className="mb-2 text-sm font-semibold">Support address</h3>
          {status.supportEmail ? (
            <>
              <p className="font-medium break-all">{status.supportEmail}</p>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                Customers write here; replies to a ticket come back through its plus-addresses.
              </p>
            </>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Not set. Set <code className={code}>SUPPORT_EMAIL</code> to the address customers
              write to: either way in needs it.
            </p>
          )}
        </Card>
        <SmtpReceiver smtp={status.smtp} />
      </div>
      <Card>
        <h3 className="mb-1 text-sm font-semibold">Mailboxes</h3>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Caseline reads each enabled mailbox&apos;s unread mail, oldest first, and marks what it
          takes as read or moves it to a folder.
          {status.readsMailboxes ? null : (
            <>
              {" "}
              This instance does not read mailboxes (<code className={code}>INBOUND_WORKER</code> is
              off): another one does.
            </>
          )}
        </p>
        {status.mailboxes.length === 0 ? (
          <EmptyState title="No mailboxes yet">
            Add one below for Caseline to read, or set{" "}
            <code className={code}>INBOUND_IMAP_URL</code> in the environment. To take mail without
            a mailbox, set <code className={code}>INBOUND_SMTP_PORT</code> instead.
          </EmptyState>
        ) : (
          <ul
            aria-label="Mailboxes"
            className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          >
            {status.mailboxes.map((m) => (
              <MailboxItem key={m.id} mailbox={m} actions={actions} />
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h3 className="mb-4 text-sm font-semibold">Add a mailbox</h3>
        <div className="max-w-2xl">
          <AddMailboxForm action={actions.create} testAction={actions.testUrl} />
        </div>
      </Card>
    </section>
  );
}

function SmtpReceiver({ smtp }: { smtp: InboundStatusView["smtp"] }) {
  const where = `${smtp.host}:${smtp.port ?? "?"}`;
  return (
    <Card>
      <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm font-semibold">
        SMTP receiver
        {!smtp.configured ? (
          <Badge>Off</Badge>
        ) : smtp.listening ? (
          <Badge tone="green">Listening</Badge>
        ) : (
          <Badge tone="amber">Not listening</Badge>
        )}
      </h3>
      {!smtp.configured ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Set <code className={code}>INBOUND_SMTP_PORT</code> for Caseline to take mail straight
          from an MX record or a forwarding rule.
        </p>
      ) : smtp.listening ? (
        <div className="space-y-1 text-sm">
          <p>
            Listening on <code className={code}>{where}</code>
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">
            {countOf(smtp.received, "message")} received, {smtp.refused.toLocaleString("en")}{" "}
            refused
            {smtp.startedAt ? (
              <>
                {" "}
                since it started <When iso={smtp.startedAt} />
              </>
            ) : null}
          </p>
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Configured for <code className={code}>{where}</code>, but not listening on this instance.
        </p>
      )}
      {smtp.lastError ? (
        <p className="mt-2 text-sm break-words text-red-700 dark:text-red-400">
          Last error: {smtp.lastError}
        </p>
      ) : null}
    </Card>
  );
}

function MailboxItem({ mailbox: m, actions }: { mailbox: MailboxView; actions: MailboxActions }) {
  const target = { id: m.id };
  return (
    <li className="space-y-3 p-3 sm:p-4">
      <div className="space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{m.name}</span>
          {m.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
          {/* The lease is held while a failing connection is tried again: say which it is. */}
          {m.reading ? (
            m.lastError ? (
              <Badge tone="amber">Retrying</Badge>
            ) : (
              <Badge tone="indigo">Reading now</Badge>
            )
          ) : null}
        </p>
        <p className="font-mono text-sm break-all text-zinc-700 dark:text-zinc-300">
          {m.address ?? "Address can't be read"}
        </p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {m.moveTo ? (
            <>
              Moves taken messages to <span className="font-medium">{m.moveTo}</span>
            </>
          ) : (
            "Marks taken messages as read"
          )}
          {" · "}
          {m.lastCheckedAt ? (
            <>
              last checked <When iso={m.lastCheckedAt} />
            </>
          ) : (
            "not checked yet"
          )}
        </p>
        {m.kind === "env" ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Set by <code className={code}>INBOUND_IMAP_URL</code>: its address is changed, or it is
            removed, only in the environment.
          </p>
        ) : null}
        {m.lastError ? (
          <p className="text-sm break-words text-red-700 dark:text-red-400">
            Last error: {m.lastError}
          </p>
        ) : null}
      </div>
      <MailboxControls
        mailbox={m}
        testAction={actions.test.bind(null, target)}
        toggleAction={actions.update.bind(null, { id: m.id, changes: { enabled: !m.enabled } })}
        deleteAction={actions.remove.bind(null, target)}
        updateAction={actions.update}
      />
    </li>
  );
}
