"use client";

import { useState, useTransition } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldErrors,
  type FieldValues,
  type Path,
  type Resolver,
} from "react-hook-form";
import type { z } from "zod";
import type { ActionState } from "@/lib/http/with-action";
import { useHydrated } from "./use-hydrated";

/**
 * react-hook-form validated by the same zod schema the server uses, submitting to a server action.
 * Field errors from the server land on their fields; the message shows above the form.
 */
export function useServerForm<S extends z.ZodType<unknown, FieldValues>>(
  schema: S,
  action: (input: z.input<S>) => Promise<ActionState>,
  defaultValues: DefaultValues<z.input<S>>,
  onSuccess?: (state: ActionState, reset: () => void) => void,
) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: allMessagesResolver(schema) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues,
    // Checked on submit, then live as the user corrects: leaving an empty field (to click a link,
    // say) never throws errors at someone who hasn't tried to send yet.
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const [state, setState] = useState<ActionState | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = form.handleSubmit((_parsed) => {
    const raw = form.getValues();
    startTransition(async () => {
      const result = await action(raw);
      setState(result);
      for (const [field, messages] of Object.entries(result.errors ?? {})) {
        if (field !== "_")
          form.setError(field as Path<z.input<S>>, {
            type: "server",
            message: messages.join("\n"),
          });
      }
      if (result.ok) onSuccess?.(result, () => form.reset());
    });
  });

  /** Every message for a field, one per failing rule (criteriaMode would keep only the first per type). */
  const errorsOf = (field: string): string[] | undefined => {
    const error = (form.formState.errors as Record<string, { message?: string } | undefined>)[
      field
    ];
    return error?.message ? error.message.split("\n") : undefined;
  };

  // Until hydration the submit handler isn't attached: a click then would send a native GET with
  // the password in the address. Forms keep their button disabled until React is ready.
  const hydrated = useHydrated();

  return { form, submit, state, pending, busy: pending || !hydrated, errorsOf };
}

/**
 * Like zodResolver, but keeps every message per field (joined by newlines), so the password field
 * can list each rule it fails, exactly as the server's `details` would.
 */
function allMessagesResolver<S extends z.ZodType>(schema: S): Resolver<FieldValues> {
  return async (values) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data as FieldValues, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join(".") || "root";
      if (errors[key]?.message.split("\n").includes(issue.message)) continue;
      errors[key] = errors[key]
        ? { ...errors[key], message: `${errors[key].message}\n${issue.message}` }
        : { type: issue.code, message: issue.message };
    }
    return { values: {}, errors: errors as FieldErrors };
  };
}
