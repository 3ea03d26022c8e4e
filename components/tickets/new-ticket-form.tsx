"use client";

import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { controlClass, Input, Select } from "@/components/ui/input";
import { PRIORITIES, PRIORITY_LABEL } from "@/lib/tickets/statuses";
import { createTicketSchema } from "@/lib/validation/tickets";

export function NewTicketForm({
  canSetPriority,
  action,
}: {
  canSetPriority: boolean;
  action: ServerAction;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    createTicketSchema,
    action,
    {
      title: "",
      description: "",
      category: "",
      ticketPriority: undefined,
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state && !state.ok && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        <Field
          id="title"
          label="Title"
          errors={errorsOf("title")}
          hint="A short summary, such as “Printer shows error 254”"
        >
          <Input
            id="title"
            maxLength={200}
            aria-invalid={!!errorsOf("title")}
            {...form.register("title")}
          />
        </Field>
        <Field
          id="description"
          label="What happened?"
          errors={errorsOf("description")}
          hint="Steps, messages you saw, and what you expected"
        >
          <textarea
            id="description"
            rows={8}
            maxLength={10000}
            className={controlClass}
            aria-invalid={!!errorsOf("description")}
            {...form.register("description")}
          />
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id="category" label="Category (optional)" errors={errorsOf("category")}>
            <Input
              id="category"
              maxLength={60}
              placeholder="Billing, hardware, access…"
              {...form.register("category")}
            />
          </Field>
          {canSetPriority ? (
            <Field id="ticketPriority" label="Priority" errors={errorsOf("ticketPriority")}>
              <Select id="ticketPriority" {...form.register("ticketPriority")}>
                <option value="">Low (default)</option>
                {/* Low is the default above; the rest from least to most urgent. */}
                {PRIORITIES.filter((p) => p !== 4)
                  .toReversed()
                  .map((p) => (
                    <option key={p} value={p}>
                      {PRIORITY_LABEL[p]}
                    </option>
                  ))}
              </Select>
            </Field>
          ) : null}
        </div>
        <Button type="submit">{pending ? "Raising…" : "Raise ticket"}</Button>
      </fieldset>
    </form>
  );
}
