"use client";

import { useState, useTransition } from "react";
import {
  acceptTicketAction,
  deleteTicketAction,
  updateTicketAction,
} from "@/app/(portal)/tickets/actions";
import { useHydrated } from "@/components/forms/use-hydrated";
import { ActionButton } from "@/components/ui/action-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import type { ActionState } from "@/lib/http/with-action";
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

type Props = {
  ticketRef: string;
  number: number;
  status: TicketStatus;
  priority: number;
  assignee: string | null;
  engineers: { userId: string; name: string; workingCount: number }[];
  can: TicketPermissions;
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
}: Props) {
  const [state, setState] = useState<ActionState | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const change = (changes: Record<string, unknown>) =>
    start(async () => setState(await updateTicketAction({ ref: ticketRef, changes })));

  return (
    <div className="space-y-4">
      {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      {can.canAccept ? (
        <ActionButton
          action={acceptTicketAction.bind(null, { ref: ticketRef })}
          pendingLabel="Accepting…"
        >
          Accept ticket
        </ActionButton>
      ) : null}
      <fieldset disabled={pending || !hydrated} className="space-y-4">
        {can.canSetAnyStatus ? (
          <FieldSelect
            key={`status-${status}`}
            id="ticket-status"
            label="Status"
            value={status}
            options={TICKET_STATUSES.map((s) => [s, STATUS_LABEL[s]])}
            onSave={(v) => change({ status: v })}
          />
        ) : null}
        {!can.canSetAnyStatus && (can.canClose || can.canReopen) ? (
          <div className="flex flex-wrap gap-2">
            {can.canClose ? (
              <Button variant="secondary" onClick={() => change({ status: "CLOSED" })}>
                Close ticket
              </Button>
            ) : null}
            {can.canReopen ? (
              <Button variant="secondary" onClick={() => change({ status: "OPEN" })}>
                Reopen ticket
              </Button>
            ) : null}
          </div>
        ) : null}
        {can.isAdmin ? (
          <>
            <FieldSelect
              key={`priority-${priority}`}
              id="ticket-priority"
              label="Priority"
              value={String(priority)}
              options={PRIORITIES.map((p) => [String(p), `${p} · ${PRIORITY_LABEL[p]}`])}
              onSave={(v) => change({ ticketPriority: Number(v) })}
            />
            <FieldSelect
              key={`assignee-${assignee}`}
              id="ticket-assignee"
              label="Assignee"
              value={assignee ?? "none"}
              options={[
                ["none", "Unassigned (pool)"],
                ...engineers.map(
                  (e) => [e.userId, `${e.name} (${e.workingCount} working)`] as [string, string],
                ),
              ]}
              onSave={(v) => change({ assignee: v === "none" ? null : v })}
            />
          </>
        ) : null}
      </fieldset>
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
          action={deleteTicketAction.bind(null, { ref: ticketRef })}
        >
          Delete ticket
        </ActionButton>
      ) : null}
    </div>
  );
}

function FieldSelect({
  id,
  label,
  value,
  options,
  onSave,
}: {
  id: string;
  label: string;
  value: string;
  options: [string, string][];
  onSave: (value: string) => void;
}) {
  const [chosen, setChosen] = useState(value);
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <Select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </Select>
        <Button
          variant="secondary"
          disabled={chosen === value}
          onClick={() => onSave(chosen)}
          aria-label={`Save ${label.toLowerCase()}`}
        >
          Save
        </Button>
      </div>
    </div>
  );
}
