"use client";

import { useActionState, useState, startTransition } from "react";
import { bulkUpdateAction } from "@/app/(portal)/tickets/actions";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, TICKET_STATUSES } from "@/lib/tickets/statuses";

type Engineer = { userId: string; name: string; workingCount: number };

/** The admin's bulk change: pick tickets in the table, one field, one value, apply. */
export function BulkToolbar({ formId, engineers }: { formId: string; engineers: Engineer[] }) {
  const [state, action, pending] = useActionState(bulkUpdateAction, null);
  const [field, setField] = useState<"status" | "ticketPriority" | "assignee">("status");
  const hydrated = useHydrated();
  const options =
    field === "status"
      ? TICKET_STATUSES.map((s) => [s, STATUS_LABEL[s]] as const)
      : field === "ticketPriority"
        ? PRIORITIES.map((p) => [String(p), `${p} · ${PRIORITY_LABEL[p]}`] as const)
        : [
            ["none", "Unassigned (pool)"] as const,
            ...engineers.map((e) => [e.userId, `${e.name} (${e.workingCount} working)`] as const),
          ];
  return (
    <form
      id={formId}
      // Submitted by hand rather than as a form action: React would reset the form afterwards and
      // leave the field select out of step with the values it offers.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
      className="mb-3 space-y-2"
      aria-label="Bulk change"
    >
      <fieldset
        disabled={pending || !hydrated}
        className="flex flex-wrap items-center gap-2 rounded-lg border border-dashed border-zinc-300 p-2 dark:border-zinc-700"
      >
        <span className="px-1 text-sm text-zinc-600 dark:text-zinc-400">
          With the selected tickets, set
        </span>
        <label className="sr-only" htmlFor="bulk-field">
          Field
        </label>
        <Select
          id="bulk-field"
          name="field"
          value={field}
          onChange={(e) => setField(e.target.value as typeof field)}
          className="w-36"
        >
          <option value="status">status</option>
          <option value="ticketPriority">priority</option>
          <option value="assignee">assignee</option>
        </Select>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">to</span>
        <label className="sr-only" htmlFor="bulk-value">
          Value
        </label>
        <Select id="bulk-value" name="value" key={field} className="w-56">
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary" size="sm">
          {pending ? "Applying…" : "Apply"}
        </Button>
      </fieldset>
      {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
    </form>
  );
}
