"use client";

import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { notify } from "@/components/ui/toaster";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { PublicUser } from "@/lib/users/public-user";
import { profileSchema } from "@/lib/validation/users";

export function ProfileForm({ user, action }: { user: PublicUser; action: ServerAction }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    profileSchema,
    action,
    {
      name: user.name,
      email: user.email,
      phone: user.phone ?? "",
      company: user.company ?? "",
    },
    (result) => notify(result.message ?? "Saved"),
  );
  const field = (
    name: "name" | "email" | "phone" | "company",
    label: string,
    props: Record<string, unknown> = {},
  ) => (
    <Field id={name} label={label} errors={errorsOf(name)}>
      <Input id={name} aria-invalid={!!errorsOf(name)} {...props} {...form.register(name)} />
    </Field>
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {/* Saved: a toast confirms it (work that happened); a refusal stays here, by the form. */}
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        {field("name", "Full name", { autoComplete: "name" })}
        {field("email", "Email", { type: "email", autoComplete: "email" })}
        <div className="grid gap-5 sm:grid-cols-2">
          {field("company", "Company", { autoComplete: "organization" })}
          {field("phone", "Phone", { type: "tel", autoComplete: "tel" })}
        </div>
        <Button type="submit" disabled={busy}>
          {pending ? "Saving…" : "Save profile"}
        </Button>
      </fieldset>
    </form>
  );
}
