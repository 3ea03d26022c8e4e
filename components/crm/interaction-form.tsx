"use client";

import { useState } from "react";
import type { z } from "zod";
import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { notify } from "@/components/ui/toaster";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { controlClass, Input, Select } from "@/components/ui/input";
import { INTERACTION_KINDS } from "@/db/schema";
import type { PublicInteraction } from "@/lib/crm/interactions";
import { createInteractionSchema, updateInteractionSchema } from "@/lib/validation/crm";
import { raiseTicketSchema } from "@/lib/validation/tickets";
import { KIND_LABEL } from "./badges";

type Person = { userId: string; name: string; company?: string | null };

/** "2026-12-01T14:30" in the browser's zone, from an ISO instant (and back). */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (local: string) => {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

/** A date-time picker in local time that hands the form an ISO instant (UTC). */
function WhenField({
  initial,
  errors,
  onChange,
}: {
  initial: string;
  errors?: string[];
  onChange: (iso: string) => void;
}) {
  const [local, setLocal] = useState(() => (initial ? toLocalInput(initial) : ""));
  return (
    <Field id="scheduledAt" label="When" errors={errors} hint="In your own time zone.">
      <Input
        id="scheduledAt"
        type="datetime-local"
        value={local}
        aria-invalid={!!errors}
        onChange={(e) => {
          setLocal(e.target.value);
          onChange(e.target.value ? fromLocalInput(e.target.value) : "");
        }}
      />
    </Field>
  );
}

/** A time one hour from now, on the hour: a sensible default for a new meeting. */
function nextHour() {
  const d = new Date(Date.now() + 3_600_000);
  d.setMinutes(0, 0, 0);
  return d.toISOString();
}

export function NewInteractionForm({
  customers,
  staff,
  defaultCustomer,
  isAdmin,
  action,
}: {
  customers: Person[];
  staff: Person[];
  defaultCustomer?: string;
  isAdmin: boolean;
  action: ServerAction;
}) {
  const [start] = useState(nextHour);
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    createInteractionSchema,
    action,
    {
      kind: "MEETING",
      title: "",
      notes: "",
      scheduledAt: start,
      customer: defaultCustomer ?? "",
      owner: "",
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id="customer" label="Customer (user ID)" errors={errorsOf("customer")}>
            <Input
              id="customer"
              list="customer-options"
              autoComplete="off"
              aria-invalid={!!errorsOf("customer")}
              {...form.register("customer")}
            />
          </Field>
          <datalist id="customer-options">
            {customers.map((c) => (
              <option key={c.userId} value={c.userId}>
                {c.name}
                {c.company ? ` (${c.company})` : ""}
              </option>
            ))}
          </datalist>
          <Field id="kind" label="Kind" errors={errorsOf("kind")}>
            <Select id="kind" {...form.register("kind")}>
              {INTERACTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field id="title" label="Title" errors={errorsOf("title")}>
          <Input id="title" aria-invalid={!!errorsOf("title")} {...form.register("title")} />
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <WhenField
            initial={start}
            errors={errorsOf("scheduledAt")}
            onChange={(iso) => form.setValue("scheduledAt", iso)}
          />
          {isAdmin ? (
            <Field id="owner" label="Owner" errors={errorsOf("owner")}>
              <Select id="owner" {...form.register("owner")}>
                <option value="">Me</option>
                {staff.map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.name} ({s.userId})
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
        </div>
        <Field id="notes" label="Notes (optional)" errors={errorsOf("notes")}>
          <textarea id="notes" rows={4} className={controlClass} {...form.register("notes")} />
        </Field>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          For meetings and calls the customer is emailed the time; tasks and follow-ups stay
          internal.
        </p>
        <Button type="submit" disabled={busy}>
          {pending ? "Scheduling…" : "Schedule"}
        </Button>
      </fieldset>
    </form>
  );
}

export function EditInteractionForm({
  interaction,
  staff,
  isAdmin,
  action,
}: {
  interaction: PublicInteraction;
  staff: Person[];
  isAdmin: boolean;
  action: ServerAction<{ id: number; changes: z.input<typeof updateInteractionSchema> }>;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    updateInteractionSchema,
    (changes) => action({ id: interaction.id, changes }),
    {
      kind: interaction.kind,
      title: interaction.title,
      notes: interaction.notes ?? "",
      scheduledAt: interaction.scheduledAt,
      ...(isAdmin ? { owner: interaction.owner } : {}),
    },
    (result) => notify(result.message ?? "Saved"),
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-4">
        {/* Saved: a toast confirms it (work that happened); a refusal stays here, by the form. */}
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="kind" label="Kind" errors={errorsOf("kind")}>
            <Select id="kind" {...form.register("kind")}>
              {INTERACTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </Select>
          </Field>
          <WhenField
            initial={interaction.scheduledAt}
            errors={errorsOf("scheduledAt")}
            onChange={(iso) => form.setValue("scheduledAt", iso)}
          />
        </div>
        <Field id="title" label="Title" errors={errorsOf("title")}>
          <Input id="title" {...form.register("title")} />
        </Field>
        {isAdmin ? (
          <Field id="owner" label="Owner" errors={errorsOf("owner")}>
            <Select id="owner" {...form.register("owner")}>
              {staff.map((s) => (
                <option key={s.userId} value={s.userId}>
                  {s.name} ({s.userId})
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <Field id="notes" label="Notes" errors={errorsOf("notes")}>
          <textarea id="notes" rows={4} className={controlClass} {...form.register("notes")} />
        </Field>
        <Button type="submit" variant="secondary" disabled={busy}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
      </fieldset>
    </form>
  );
}

/** A ticket for the interaction's customer, linked back to it. */
export function RaiseTicketForm({
  interaction,
  action,
}: {
  interaction: PublicInteraction;
  action: ServerAction;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    raiseTicketSchema,
    action,
    {
      title: interaction.title,
      description: interaction.notes ?? "",
      interactionId: interaction.id,
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-4">
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        <Field id="ticket-title" label="Ticket title" errors={errorsOf("title")}>
          <Input id="ticket-title" {...form.register("title")} />
        </Field>
        <Field
          id="ticket-description"
          label="What is the problem?"
          errors={errorsOf("description")}
        >
          <textarea
            id="ticket-description"
            rows={5}
            className={controlClass}
            {...form.register("description")}
          />
        </Field>
        <Button type="submit" disabled={busy}>
          {pending ? "Raising…" : `Raise ticket for ${interaction.customerName}`}
        </Button>
      </fieldset>
    </form>
  );
}
