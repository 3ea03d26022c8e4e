"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { MAX_ROW_ID } from "@/db/enums";
import { discardInboundMessage, retryInboundMessage } from "@/lib/email/inbound-log";
import type { IngestOutcome } from "@/lib/email/ingest";
import {
  createMailbox,
  deleteMailbox,
  testMailbox,
  testMailboxUrl,
  updateMailbox,
  type ConnectionTest,
} from "@/lib/email/mailboxes";
import { withAction, type ActionState } from "@/lib/http/with-action";
import { INBOUND_STATUS_LABEL } from "@/lib/labels";
import {
  createMailboxSchema,
  testMailboxSchema,
  updateMailboxSchema,
} from "@/lib/validation/email";

const admins = { roles: ["ADMIN" as const] };
const id = z.coerce.number().int().min(1).max(MAX_ROW_ID);
const target = z.object({ id });

// The nav's badge counts quarantined emails: every change here re-renders the portal's layout.
const changed = () => revalidatePath("/admin/email", "layout");

export const createMailboxAction = withAction(
  createMailboxSchema,
  async (actor, input) => {
    const mailbox = await createMailbox(actor, input);
    changed();
    return mailbox.enabled
      ? `Added ${mailbox.name}: its unread mail is read from now on`
      : `Added ${mailbox.name}, disabled: it is read once you enable it`;
  },
  admins,
);

export const updateMailboxAction = withAction(
  z.object({ id, changes: updateMailboxSchema }),
  async (actor, { id, changes }) => {
    const mailbox = await updateMailbox(actor, id, changes);
    changed();
    const onlyEnabled = Object.entries(changes).every(
      ([key, value]) => key === "enabled" || value === undefined,
    );
    if (onlyEnabled && changes.enabled !== undefined) {
      return mailbox.enabled
        ? `Enabled ${mailbox.name}: it is read from now on`
        : `Disabled ${mailbox.name}: it is no longer read`;
    }
    return `Saved ${mailbox.name}`;
  },
  admins,
);

export const deleteMailboxAction = withAction(
  target,
  async (actor, { id }) => {
    const name = await deleteMailbox(actor, id);
    changed();
    return `Removed ${name}: it is no longer read. What it brought in stays in the log and the tickets.`;
  },
  admins,
);

/**
 * "Test connection": a failed connection is an answer, not an error of the action, so the form
 * state carries the test's own ok (an invalid address or a missing mailbox stays the action's).
 */
function connectionTest<S extends z.ZodType>(
  schema: S,
  run: (actor: Actor, input: z.output<S>) => Promise<ConnectionTest>,
) {
  return async (input: unknown): Promise<ActionState> => {
    let result = undefined as ConnectionTest | undefined;
    const state = await withAction(
      schema,
      async (actor, parsed) => {
        result = await run(actor, parsed);
        return result.message;
      },
      admins,
    )(input);
    return result ? { ok: result.ok, message: result.message } : state;
  };
}

export const testMailboxUrlAction = connectionTest(testMailboxSchema, (actor, { url }) =>
  testMailboxUrl(actor, url),
);

export const testMailboxAction = connectionTest(target, (actor, { id }) => testMailbox(actor, id));

function describeOutcome({ status, reason, ticketNumber }: IngestOutcome) {
  if (status === "CREATED") return `Created ticket #${ticketNumber}`;
  if (status === "THREADED") return `Threaded into #${ticketNumber}`;
  if (status === "QUARANTINED") return `Quarantined again: ${reason ?? "no reason given"}`;
  const label = status === "DUPLICATE" ? "A duplicate" : INBOUND_STATUS_LABEL[status];
  return reason ? `${label}: ${reason}` : label;
}

/**
 * Handles a quarantined email again. The toast says what became of it, as a warning unless it
 * became the ticket or the reply it was meant to.
 */
export async function retryInboundAction(input: { id: number }): Promise<ActionState> {
  let outcome = undefined as IngestOutcome | undefined;
  const state = await withAction(
    target,
    async (actor, { id }) => {
      outcome = (await retryInboundMessage(actor, id)).outcome;
      changed();
      return describeOutcome(outcome);
    },
    admins,
  )(input);
  const handled = outcome?.status === "CREATED" || outcome?.status === "THREADED";
  return outcome && !handled ? { ...state, tone: "warning" } : state;
}

export const discardInboundAction = withAction(
  target,
  async (actor, { id }) => {
    await discardInboundMessage(actor, id);
    changed();
    return "Discarded: its stored copy is removed";
  },
  admins,
);
