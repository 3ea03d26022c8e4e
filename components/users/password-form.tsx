"use client";

import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { notify } from "@/components/ui/toaster";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { changePasswordSchema } from "@/lib/validation/users";

export function PasswordForm({ action }: { action: ServerAction }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    changePasswordSchema,
    action,
    { currentPassword: "", newPassword: "", confirmPassword: "" },
    (result, reset) => {
      reset();
      notify(result.message ?? "Saved");
    },
  );
  const field = (
    name: "currentPassword" | "newPassword" | "confirmPassword",
    label: string,
    autoComplete: string,
    hint?: string,
  ) => (
    <Field id={name} label={label} errors={errorsOf(name)} hint={hint}>
      <Input
        id={name}
        type="password"
        autoComplete={autoComplete}
        aria-invalid={!!errorsOf(name)}
        {...form.register(name)}
      />
    </Field>
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {/* Saved: a toast confirms it (work that happened); a refusal stays here, by the form. */}
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        {field("currentPassword", "Current password", "current-password")}
        {field(
          "newPassword",
          "New password",
          "new-password",
          "At least 8 characters, with an upper-case letter, a digit and a special character",
        )}
        {field("confirmPassword", "Repeat the new password", "new-password")}
        <Button type="submit" disabled={busy}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </fieldset>
    </form>
  );
}
