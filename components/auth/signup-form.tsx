"use client";

import Link from "next/link";
import { useState } from "react";
import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { signupSchema } from "@/lib/validation/users";

const ROLES = [
  { value: "CUSTOMER", title: "Customer", text: "Raise tickets and follow them. Ready at once." },
  { value: "ENGINEER", title: "Engineer", text: "Work on tickets. An admin approves you first." },
] as const;

export function SignupForm({ action }: { action: ServerAction }) {
  const [done, setDone] = useState<string | null>(null);
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    signupSchema,
    action,
    { userType: "CUSTOMER", userId: "", name: "", email: "", password: "", company: "", phone: "" },
    (result) => setDone(result.message ?? null),
  );
  const userType = form.watch("userType");

  if (done) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{done}</Alert>
        <ButtonLink href="/signin" variant="secondary" className="w-full">
          Go to sign-in
        </ButtonLink>
      </div>
    );
  }

  const field = (
    name: "userId" | "name" | "email" | "password" | "company" | "phone",
    label: string,
    props: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <Field id={name} label={label} errors={errorsOf(name)} hint={hint}>
      <Input
        id={name}
        aria-invalid={!!errorsOf(name)}
        aria-describedby={hint ? `${name}-hint` : undefined}
        {...props}
        {...form.register(name)}
      />
    </Field>
  );

  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state && !state.ok && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        <fieldset>
          <legend className="mb-2 text-sm font-medium">I am a</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {ROLES.map((role) => (
              <label
                key={role.value}
                className={cn(
                  "cursor-pointer rounded-lg border p-3 text-sm has-focus-visible:outline-2 has-focus-visible:outline-indigo-500",
                  userType === role.value
                    ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950/50"
                    : "border-zinc-300 dark:border-zinc-700",
                )}
              >
                <input
                  type="radio"
                  value={role.value}
                  className="sr-only"
                  {...form.register("userType")}
                />
                <span className="block font-medium">{role.title}</span>
                <span className="text-zinc-600 dark:text-zinc-400">{role.text}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {field("name", "Full name", { autoComplete: "name" })}
        {field(
          "userId",
          "User ID",
          { autoComplete: "username" },
          "3–32 letters, digits, dot, underscore or hyphen",
        )}
        {field("email", "Email", { type: "email", autoComplete: "email" })}
        {field(
          "password",
          "Password",
          { type: "password", autoComplete: "new-password" },
          "At least 8 characters, with an upper-case letter, a digit and a special character",
        )}
        {userType === "CUSTOMER" ? (
          <div className="grid gap-5 sm:grid-cols-2">
            {field("company", "Company (optional)", { autoComplete: "organization" })}
            {field("phone", "Phone (optional)", { type: "tel", autoComplete: "tel" })}
          </div>
        ) : null}
        <Button type="submit" className="w-full" disabled={busy}>
          {pending ? "Creating your account…" : "Create account"}
        </Button>
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
          Have an account?{" "}
          <Link
            href="/signin"
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            Sign in
          </Link>
        </p>
      </fieldset>
    </form>
  );
}
