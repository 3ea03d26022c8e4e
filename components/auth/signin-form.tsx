"use client";

import Link from "next/link";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionState } from "@/lib/http/with-action";
import { signinSchema } from "@/lib/validation/users";

export function SigninForm({
  next,
  action,
}: {
  next?: string;
  /** The sign-in server action; `next` is where to go once signed in. */
  action: (raw: unknown, next?: string) => Promise<ActionState>;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    signinSchema,
    (values) => action(values, next),
    { userId: "", password: "" },
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state && !state.ok && state.message ? (
          <Alert tone={state.tone ?? "error"}>{state.message}</Alert>
        ) : null}
        <Field id="userId" label="User ID or email" errors={errorsOf("userId")}>
          <Input
            id="userId"
            autoComplete="username"
            autoFocus
            aria-invalid={!!errorsOf("userId")}
            {...form.register("userId")}
          />
        </Field>
        <Field
          id="password"
          label="Password"
          errors={errorsOf("password")}
          hint={
            <Link
              href="/forgot-password"
              className="text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Forgot your password?
            </Link>
          }
        >
          <Input
            id="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={!!errorsOf("password")}
            {...form.register("password")}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={busy}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
          New here?{" "}
          <Link
            href="/signup"
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            Create an account
          </Link>
        </p>
      </fieldset>
    </form>
  );
}
