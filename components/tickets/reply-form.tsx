"use client";

import { replyAction } from "@/app/(portal)/tickets/actions";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { controlClass } from "@/components/ui/input";
import { replySchema } from "@/lib/validation/tickets";

const schema = replySchema.extend({ ref: replySchema.shape.body });

export function ReplyForm({ ticketRef, staff }: { ticketRef: string; staff: boolean }) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    schema,
    replyAction,
    { ref: ticketRef, body: "", internal: false },
    (_state, reset) => reset(),
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-3">
        {state?.message ? (
          <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>
        ) : null}
        <Field id="body" label={staff ? "Reply or note" : "Your reply"} errors={errorsOf("body")}>
          <textarea
            id="body"
            rows={5}
            maxLength={10000}
            className={controlClass}
            aria-invalid={!!errorsOf("body")}
            {...form.register("body")}
          />
        </Field>
        <div className="flex flex-wrap items-center justify-between gap-3">
          {staff ? (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-amber-600"
                {...form.register("internal")}
              />
              Internal note (never shown to the customer)
            </label>
          ) : (
            <span />
          )}
          <Button type="submit">{pending ? "Sending…" : "Send"}</Button>
        </div>
      </fieldset>
    </form>
  );
}
