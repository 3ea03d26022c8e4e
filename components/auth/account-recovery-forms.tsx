"use client";

import Link from "next/link";
import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  verifyEmailSchema,
} from "@/lib/validation/users";

const linkClass = "font-medium text-indigo-600 hover:underline dark:text-indigo-400";

function SignInLink({ label = "Back to sign in" }: { label?: string }) {
  return (
    <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
      <Link href="/signin" className={linkClass}>
        {label}
      </Link>
    </p>
  );
}

export function ForgotPasswordForm({ action }: { action: ServerAction }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    forgotPasswordSchema,
    action,
    { email: "" },
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state?.message ? (
          <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>
        ) : null}
        <Field id="email" label="Email address" errors={errorsOf("email")}>
          <Input
            id="email"
            type="email"
            autoComplete="email"
            autoFocus
            aria-invalid={!!errorsOf("email")}
            {...form.register("email")}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={busy}>
          {pending ? "Sending…" : "Send me a link"}
        </Button>
        <SignInLink />
      </fieldset>
    </form>
  );
}

export function ResetPasswordForm({ token, action }: { token: string; action: ServerAction }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    resetPasswordSchema,
    action,
    { token, password: "", confirmPassword: "" },
  );
  if (state?.ok) {
    return (
      <div className="space-y-5">
        <Alert tone="success">{state.message}</Alert>
        <SignInLink label="Sign in" />
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state?.message && !errorsOf("token") ? <Alert tone="error">{state.message}</Alert> : null}
        {errorsOf("token") ? (
          <Alert tone="error">
            {errorsOf("token")!.join(" ")}{" "}
            <Link href="/forgot-password" className={linkClass}>
              Ask for a new link
            </Link>
          </Alert>
        ) : null}
        <input type="hidden" {...form.register("token")} />
        <Field
          id="password"
          label="New password"
          errors={errorsOf("password")}
          hint="At least 8 characters, with an upper-case letter, a digit and a special character"
        >
          <Input
            id="password"
            type="password"
            autoComplete="new-password"
            autoFocus
            aria-invalid={!!errorsOf("password")}
            {...form.register("password")}
          />
        </Field>
        <Field
          id="confirmPassword"
          label="Repeat the new password"
          errors={errorsOf("confirmPassword")}
        >
          <Input
            id="confirmPassword"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!errorsOf("confirmPassword")}
            {...form.register("confirmPassword")}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={busy}>
          {pending ? "Saving…" : "Set new password"}
        </Button>
      </fieldset>
    </form>
  );
}

/** A button, not an automatic GET: mail scanners that open links must not spend the token. */
export function VerifyEmailForm({ token, action }: { token: string; action: ServerAction }) {
  const { submit, state, pending, busy, errorsOf } = useServerForm(verifyEmailSchema, action, {
    token,
  });
  if (state?.ok) {
    return (
      <div className="space-y-5">
        <Alert tone="success">{state.message}</Alert>
        <SignInLink label="Continue to Caseline" />
      </div>
    );
  }
  const problem = state?.message ?? errorsOf("token")?.join(" ");
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        <Button type="submit" className="w-full" disabled={busy}>
          {pending ? "Confirming…" : "Confirm my email address"}
        </Button>
        <SignInLink />
      </fieldset>
    </form>
  );
}
