"use client";

import { useId, useRef, useState } from "react";
import type { z } from "zod";
import type { ServerAction } from "@/components/forms/server-action";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import type { MailboxView } from "@/lib/email/mailboxes";
import type { ActionState } from "@/lib/http/with-action";
import type { updateMailboxSchema } from "@/lib/validation/email";
import { useConnectionTest } from "./connection-test";
import { EditMailboxForm } from "./mailbox-form";

type Bound = () => Promise<ActionState>;

/**
 * A mailbox's buttons in the list: test, enable or disable, and (for one an admin added) edit in
 * place and remove. The environment's mailbox is changed only where it is set.
 */
export function MailboxControls({
  mailbox,
  testAction,
  toggleAction,
  deleteAction,
  updateAction,
}: {
  mailbox: MailboxView;
  testAction: Bound;
  /** Enables a disabled mailbox, disables an enabled one. */
  toggleAction: Bound;
  deleteAction: Bound;
  updateAction: ServerAction<{ id: number; changes: z.input<typeof updateMailboxSchema> }>;
}) {
  const [editing, setEditing] = useState(false);
  const editId = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const test = useConnectionTest(testAction, { label: `Test connection to ${mailbox.name}` });
  const closeEdit = () => {
    setEditing(false);
    editButton.current?.focus();
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-2">
        {test.button}
        <ActionButton
          action={toggleAction}
          variant="secondary"
          size="sm"
          label={`${mailbox.enabled ? "Disable" : "Enable"} ${mailbox.name}`}
          pendingLabel={mailbox.enabled ? "Disabling…" : "Enabling…"}
        >
          {mailbox.enabled ? "Disable" : "Enable"}
        </ActionButton>
        {mailbox.kind === "admin" ? (
          <>
            <Button
              ref={editButton}
              variant="secondary"
              size="sm"
              aria-expanded={editing}
              aria-controls={editId}
              aria-label={`Edit ${mailbox.name}`}
              onClick={() => setEditing((e) => !e)}
            >
              Edit
            </Button>
            <ActionButton
              action={deleteAction}
              variant="ghost"
              size="sm"
              label={`Remove ${mailbox.name}`}
              pendingLabel="Removing…"
              confirm={{
                title: `Remove ${mailbox.name}?`,
                body: "Caseline stops reading this mailbox and forgets its address and password. The emails it brought in stay in the inbound log, and their tickets stay as they are. Nothing in the mailbox itself is touched.",
                confirmLabel: "Remove mailbox",
                cancelLabel: "Keep it",
              }}
            >
              Remove
            </ActionButton>
          </>
        ) : null}
      </div>
      {test.status}
      {mailbox.kind === "admin" ? (
        <div id={editId} hidden={!editing}>
          {editing ? (
            <div className="rounded-md border border-zinc-200 p-3 sm:p-4 dark:border-zinc-800">
              <EditMailboxForm mailbox={mailbox} action={updateAction} onDone={closeEdit} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
