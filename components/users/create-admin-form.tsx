"use client";

import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createAdminSchema } from "@/lib/validation/users";

export function CreateAdminForm({ action }: { action: ServerAction }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    createAdminSchema,
    action,
    {
      userId: "",
      name: "",
      email: "",
      password: "",
    },
  );
  const field = (
    name: "userId" | "name" | "email" | "password",
    label: string,
    type = "text",
    hint?: string,
  ) => (
    <Field id={name} label={label} errors={errorsOf(name)} hint={hint}>
      <Input
        id={name}
        type={type}
        autoComplete="off"
        aria-invalid={!!errorsOf(name)}
        {...form.register(name)}
      />
    </Field>
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state && !state.ok && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        {field("name", "Full name")}
        {field("userId", "User ID", "text", "3–32 letters, digits, dot, underscore or hyphen")}
        {field("email", "Email", "email")}
        {field(
          "password",
          "Initial password",
          "password",
          "Share it privately; they should change it after signing in",
        )}
        <Button type="submit" disabled={busy}>
          {pending ? "Creating…" : "Create admin"}
        </Button>
      </fieldset>
    </form>
  );
}
