"use client";

import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { notify } from "@/components/ui/toaster";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { PublicCustomer } from "@/lib/crm/customers";
import type { z } from "zod";
import { createCustomerSchema, updateCustomerSchema } from "@/lib/validation/crm";

type Name = "userId" | "name" | "email" | "company" | "phone";

/** A labelled text input wired to the form. */
function TextField({
  name,
  label,
  errors,
  registration,
  hint,
  ...props
}: {
  name: Name;
  label: string;
  errors?: string[];
  registration: object;
  hint?: string;
} & React.ComponentProps<"input">) {
  return (
    <Field id={name} label={label} errors={errors} hint={hint}>
      <Input id={name} aria-invalid={!!errors} {...props} {...registration} />
    </Field>
  );
}

/** Admin: add a customer by hand. They get an email to choose their own password. */
export function NewCustomerForm({ action }: { action: ServerAction }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    createCustomerSchema,
    action,
    { userId: "", name: "", email: "", company: "", phone: "" },
  );
  const field = (name: Name, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <TextField
      name={name}
      label={label}
      errors={errorsOf(name)}
      registration={form.register(name)}
      hint={hint}
      {...props}
    />
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        {field("name", "Full name", { autoComplete: "off" })}
        {field("email", "Email", { type: "email", autoComplete: "off" })}
        {field(
          "userId",
          "User ID (optional)",
          { autoComplete: "off" },
          "Left empty, one is made from the email address.",
        )}
        <div className="grid gap-5 sm:grid-cols-2">
          {field("company", "Company", { autoComplete: "off" })}
          {field("phone", "Phone", { type: "tel", autoComplete: "off" })}
        </div>
        <Button type="submit" disabled={busy}>
          {pending ? "Adding…" : "Add customer and send invitation"}
        </Button>
      </fieldset>
    </form>
  );
}

/** Admin: edit a customer's details. */
export function EditCustomerForm({
  customer,
  action,
}: {
  customer: PublicCustomer;
  action: ServerAction<{ userId: string; changes: z.input<typeof updateCustomerSchema> }>;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    updateCustomerSchema,
    (changes) => action({ userId: customer.userId, changes }),
    {
      name: customer.name,
      email: customer.email,
      company: customer.company ?? "",
      phone: customer.phone ?? "",
    },
    (result) => notify(result.message ?? "Saved"),
  );
  const field = (name: Name, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <TextField
      name={name}
      label={label}
      errors={errorsOf(name)}
      registration={form.register(name as "name")}
      hint={hint}
      {...props}
    />
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-4">
        {/* Saved: a toast confirms it (work that happened); a refusal stays here, by the form. */}
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        {field("name", "Full name")}
        {field("email", "Email", { type: "email" }, "A new address has to be confirmed again.")}
        <div className="grid gap-4 sm:grid-cols-2">
          {field("company", "Company")}
          {field("phone", "Phone", { type: "tel" })}
        </div>
        <Button type="submit" variant="secondary" disabled={busy}>
          {pending ? "Saving…" : "Save details"}
        </Button>
      </fieldset>
    </form>
  );
}
