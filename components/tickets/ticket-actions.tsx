"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ServerAction } from "@/components/forms/server-action";
import { useHydrated } from "@/components/forms/use-hydrated";
import { ActionButton } from "@/components/ui/action-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import {
  applyStep,
  changedFields,
  describeChanges,
  saveSteps,
  type FieldChanges,
  type TicketFields,
} from "@/lib/tickets/change-summary";
import {
  PRIORITIES,
  PRIORITY_LABEL,
  STATUS_LABEL,
  TICKET_STATUSES,
  type TicketStatus,
} from "@/lib/tickets/statuses";

export type TicketPermissions = {
  canAccept: boolean;
  canSetAnyStatus: boolean;
  canClose: boolean;
  canReopen: boolean;
  isAdmin: boolean;
};

type Engineer = { userId: string; name: string; workingCount: number };

type UpdateAction = ServerAction<{ ref: string; changes: FieldChanges }>;

type Props = {
  ticketRef: string;
  number: number;
  status: TicketStatus;
  priority: number;
  assignee: string | null;
  engineers: Engineer[];
  can: TicketPermissions;
  /** The ticket page's server actions (app/(portal)/tickets/actions.ts). */
  acceptAction: ServerAction<{ ref: string }>;
  updateAction: UpdateAction;
  deleteAction: ServerAction<{ ref: string }>;
};

/** The actions this viewer may take; the server checks every one again. */
export function TicketActions({
  ticketRef,
  number,
  status,
  priority,
  assignee,
  engineers,
  can,
  acceptAction,
  updateAction,
  deleteAction,
}: Props) {
  const current: TicketFields = { status, priority, assignee };
  return (
    <div className="space-y-4">
      {can.canAccept ? (
        <ActionButton
          action={acceptAction.bind(null, { ref: ticketRef })}
          pendingLabel="Accepting…"
        >
          Accept ticket
        </ActionButton>
      ) : null}
      {can.canSetAnyStatus || can.isAdmin ? (
        <TicketFieldsForm
          ticketRef={ticketRef}
          current={current}
          engineers={engineers}
          editStatus={can.canSetAnyStatus}
          editPriorityAndAssignee={can.isAdmin}
          updateAction={updateAction}
        />
      ) : null}
      {!can.canSetAnyStatus && (can.canClose || can.canReopen) ? (
        <div className="flex flex-wrap gap-2">
          {can.canClose ? (
            <ActionButton
              variant="secondary"
              pendingLabel="Closing…"
              confirm={{
                title: `Close ticket #${number}?`,
                body: "Close it when the problem is solved or no longer matters. The engineer stops working on it; you can reopen it later if it comes back.",
                confirmLabel: "Close ticket",
                cancelLabel: "Keep open",
                tone: "primary",
              }}
              action={updateAction.bind(null, {
                ref: ticketRef,
                changes: { status: "CLOSED" },
              })}
            >
              Close ticket
            </ActionButton>
          ) : null}
          {can.canReopen ? (
            <ActionButton
              variant="secondary"
              pendingLabel="Reopening…"
              action={updateAction.bind(null, {
                ref: ticketRef,
                changes: { status: "OPEN" },
              })}
            >
              Reopen ticket
            </ActionButton>
          ) : null}
        </div>
      ) : null}
      {can.isAdmin ? (
        <ActionButton
          variant="danger"
          size="sm"
          pendingLabel="Deleting…"
          confirm={{
            title: `Delete ticket #${number}?`,
            body: "The ticket, its conversation, attachments and history are removed for good. This cannot be undone.",
            confirmLabel: "Delete ticket",
          }}
          action={deleteAction.bind(null, { ref: ticketRef })}
        >
          Delete ticket
        </ActionButton>
      ) : null}
    </div>
  );
}

/**
 * Status, priority and assignee in one form with one Save: the admin sets what they mean, sends
 * it once, and a toast says what changed. Only the fields that differ are sent.
 */
function TicketFieldsForm({
  ticketRef,
  current,
  engineers,
  editStatus,
  editPriorityAndAssignee,
  updateAction,
}: {
  ticketRef: string;
  current: TicketFields;
  engineers: Engineer[];
  editStatus: boolean;
  editPriorityAndAssignee: boolean;
  updateAction: UpdateAction;
}) {
  const [chosen, setChosen] = useState<TicketFields>(current);
  // When the ticket changes (saved here, or by someone else, live), the form starts from it again.
  const [base, setBase] = useState<TicketFields>(current);
  if (
    base.status !== current.status ||
    base.priority !== current.priority ||
    base.assignee !== current.assignee
  ) {
    setBase(current);
    setChosen(current);
  }
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const router = useRouter();
  const changes = changedFields(current, chosen);
  const dirty = Object.keys(changes).length > 0;
  const nameOf = (userId: string) => engineers.find((e) => e.userId === userId)?.name ?? userId;
  const chosenEngineer = engineers.find((e) => e.userId === chosen.assignee);

  const save = () =>
    start(async () => {
      setError(null);
      // A new assignee and a new status go as two requests (lib/tickets/change-summary.ts).
      let done: TicketFields = current;
      for (const step of saveSteps(changes)) {
        const result = await updateAction({ ref: ticketRef, changes: step });
        if (!result.ok) {
          if (done !== current) notify(describeChanges(current, done, nameOf));
          setError(result.message ?? "The changes could not be saved");
          router.refresh();
          return;
        }
        done = applyStep(done, step);
      }
      notify(describeChanges(current, chosen, nameOf));
      router.refresh();
    });

  const set = (patch: Partial<TicketFields>) => {
    setError(null);
    setChosen((c) => ({ ...c, ...patch }));
  };
  const label = "mb-1 block text-sm font-medium";
  return (
    <form
      aria-label="Ticket fields"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) save();
      }}
    >
      <fieldset disabled={pending || !hydrated} className="space-y-3">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {editStatus ? (
          <div>
            <label htmlFor="ticket-status" className={label}>
              Status
            </label>
            <Select
              id="ticket-status"
              value={chosen.status}
              onChange={(e) => set({ status: e.target.value as TicketStatus })}
            >
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        {editPriorityAndAssignee ? (
          <>
            <div>
              <label htmlFor="ticket-priority" className={label}>
                Priority
              </label>
              <Select
                id="ticket-priority"
                value={String(chosen.priority)}
                onChange={(e) => set({ priority: Number(e.target.value) })}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {PRIORITY_LABEL[p]}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <label htmlFor="ticket-assignee" className={label}>
                Assignee
              </label>
              <Select
                id="ticket-assignee"
                value={chosen.assignee ?? "none"}
                aria-describedby="ticket-assignee-load"
                onChange={(e) =>
                  set({ assignee: e.target.value === "none" ? null : e.target.value })
                }
              >
                <option value="none">Unassigned (pool)</option>
                {engineers.map((e) => (
                  // The name alone fits the select at any width; the load is spelled out below.
                  <option key={e.userId} value={e.userId}>
                    {e.name}
                  </option>
                ))}
              </Select>
              {/* The load of the one chosen, in full under the select, where nothing clips. */}
              <p
                id="ticket-assignee-load"
                className="mt-1 text-xs text-zinc-600 dark:text-zinc-400"
              >
                {chosenEngineer
                  ? `${chosenEngineer.name} (${chosenEngineer.userId}) is working on ${chosenEngineer.workingCount} ticket${chosenEngineer.workingCount === 1 ? "" : "s"}`
                  : "In the pool, any engineer can accept it"}
              </p>
            </div>
          </>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          {/* Dimmed until something changed, in both themes. */}
          <Button type="submit" disabled={!dirty} className="disabled:opacity-60">
            {pending ? "Saving…" : "Save changes"}
          </Button>
          {dirty && !pending ? (
            <Button variant="ghost" onClick={() => set(current)}>
              Reset
            </Button>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}
