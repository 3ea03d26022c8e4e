"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import type { ActionState } from "@/lib/http/with-action";
import { TICKET_FIELD_LABEL } from "@/lib/labels";
import { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, TICKET_STATUSES } from "@/lib/tickets/statuses";

type Engineer = { userId: string; name: string; workingCount: number };
type Field = keyof typeof TICKET_FIELD_LABEL;

export const NOTHING_SELECTED = "Select at least one ticket";

/** The table's row checkboxes that belong to this form (they sit in the table, outside it). */
const rowBoxes = (formId: string) =>
  [
    ...document.querySelectorAll<HTMLInputElement>(
      `input[type=checkbox][name=numbers][form="${CSS.escape(formId)}"]`,
    ),
  ].filter((box) => !box.disabled);

/** The admin's bulk change: pick tickets in the table, one field, one value, apply. */
export function BulkToolbar({
  formId,
  engineers,
  bulkAction,
}: {
  formId: string;
  engineers: Engineer[];
  /** Given the form's FormData: the ticked numbers, the field and the value. */
  bulkAction: (previous: ActionState | null, form: FormData) => Promise<ActionState>;
}) {
  const [field, setField] = useState<Field>("status");
  const [problem, setProblem] = useState<{ tone: "error" | "warning"; text: string } | null>(null);
  const [selection, setSelection] = useState({ selected: 0, total: 0 });
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const router = useRouter();
  const selectAll = useRef<HTMLInputElement>(null);

  const recount = useCallback(() => {
    // By ticket number: a layout that renders a row twice (table and card) counts it once.
    const boxes = rowBoxes(formId);
    const all = new Set(boxes.map((b) => b.value));
    const checked = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    // Same numbers, same object: the observer below sees this component's own renders too.
    setSelection((prev) =>
      prev.selected === checked.size && prev.total === all.size
        ? prev
        : { selected: checked.size, total: all.size },
    );
  }, [formId]);

  // The rows are server-rendered in the table; follow their checkboxes wherever they change.
  useEffect(() => {
    const frame = requestAnimationFrame(recount);
    const onChange = (e: Event) => {
      const target = e.target as HTMLInputElement | null;
      if (target?.name === "numbers" && target.getAttribute("form") === formId) {
        setProblem(null);
        recount();
      }
    };
    document.addEventListener("change", onChange);
    // Live updates and paging re-render the rows: count again when the table changes.
    const observer = new MutationObserver(recount);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("change", onChange);
      observer.disconnect();
    };
  }, [formId, recount]);

  const { selected, total } = selection;
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selected > 0 && selected < total;
  }, [selected, total]);

  const toggleAll = (checked: boolean) => {
    for (const box of rowBoxes(formId)) box.checked = checked;
    setProblem(null);
    recount();
  };

  const options =
    field === "status"
      ? TICKET_STATUSES.map((s) => [s, STATUS_LABEL[s]] as const)
      : field === "ticketPriority"
        ? PRIORITIES.map((p) => [String(p), PRIORITY_LABEL[p]] as const)
        : [
            ["none", "Unassigned (pool)"] as const,
            ...engineers.map((e) => [e.userId, `${e.name} · ${e.workingCount} working`] as const),
          ];
  return (
    <form
      id={formId}
      // Submitted by hand rather than as a form action: React would reset the form afterwards and
      // leave the field select out of step with the values it offers.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        // Unique numbers: the same ticket may have two checkboxes (table row and phone card).
        const numbers = [...new Set(data.getAll("numbers").map(String))];
        data.delete("numbers");
        for (const n of numbers) data.append("numbers", n);
        if (numbers.length === 0) {
          setProblem({ tone: "error", text: NOTHING_SELECTED });
          selectAll.current?.focus();
          return;
        }
        start(async () => {
          const result = await bulkAction(null, data);
          if (!result.ok) {
            setProblem({ tone: "error", text: result.message ?? "Nothing was changed" });
          } else if (result.message?.includes("#")) {
            // Some tickets refused the change: the reasons stay until the admin acts on them.
            setProblem({ tone: "warning", text: result.message });
          } else {
            setProblem(null);
            notify(result.message ?? "Updated");
          }
          router.refresh();
        });
      }}
      className="mb-3 space-y-2"
      aria-label="Bulk change"
    >
      <fieldset
        disabled={pending || !hydrated}
        className="flex flex-wrap items-center gap-2 rounded-lg border border-dashed border-zinc-300 p-2 dark:border-zinc-700"
      >
        <label className="flex items-center gap-2 rounded-md px-1 text-sm font-medium">
          <input
            ref={selectAll}
            type="checkbox"
            className="size-4 accent-indigo-600"
            checked={total > 0 && selected === total}
            onChange={(e) => toggleAll(e.target.checked)}
            aria-describedby="bulk-count"
          />
          Select all
        </label>
        <span
          id="bulk-count"
          aria-live="polite"
          className="min-w-24 px-1 text-sm text-zinc-600 tabular-nums dark:text-zinc-400"
        >
          {selected} of {total} selected
        </span>
        <span className="px-1 text-sm text-zinc-600 dark:text-zinc-400">Set</span>
        <label className="sr-only" htmlFor="bulk-field">
          Field
        </label>
        <Select
          id="bulk-field"
          name="field"
          value={field}
          onChange={(e) => {
            setProblem(null);
            setField(e.target.value as Field);
          }}
          className="w-36"
        >
          {(Object.keys(TICKET_FIELD_LABEL) as Field[]).map((f) => (
            <option key={f} value={f}>
              {TICKET_FIELD_LABEL[f]}
            </option>
          ))}
        </Select>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">to</span>
        <label className="sr-only" htmlFor="bulk-value">
          Value
        </label>
        <Select
          id="bulk-value"
          name="value"
          key={field}
          className="w-56"
          onChange={() => setProblem(null)}
        >
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary" size="sm">
          {pending ? "Applying…" : selected > 0 ? `Apply to ${selected}` : "Apply"}
        </Button>
      </fieldset>
      {problem ? <Alert tone={problem.tone}>{problem.text}</Alert> : null}
    </form>
  );
}
