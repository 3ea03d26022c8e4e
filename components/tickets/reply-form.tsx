"use client";

import { useRef } from "react";
import { replyAction } from "@/app/(portal)/tickets/actions";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { controlClass } from "@/components/ui/input";
import { ACCEPTED_TYPES } from "@/lib/tickets/attachment-types";
import { replySchema } from "@/lib/validation/tickets";

const schema = replySchema.extend({ ref: replySchema.shape.body });
type Values = { ref: string; body: string; internal?: boolean | string };

export function ReplyForm({ ticketRef, staff }: { ticketRef: string; staff: boolean }) {
  const filesInput = useRef<HTMLInputElement>(null);
  // Validated like any form, then sent as FormData so the chosen files travel with the text.
  const send = (values: Values) => {
    const data = new FormData();
    data.set("ref", values.ref);
    data.set("body", values.body);
    data.set("internal", String(values.internal === true || values.internal === "true"));
    for (const file of filesInput.current?.files ?? []) data.append("files", file);
    return replyAction(data);
  };
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    schema,
    send,
    { ref: ticketRef, body: "", internal: false },
    (_state, reset) => {
      reset();
      if (filesInput.current) filesInput.current.value = "";
    },
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
        <div>
          <label htmlFor="files" className="mb-1 block text-sm font-medium">
            Attachments (optional)
          </label>
          <input
            id="files"
            ref={filesInput}
            type="file"
            multiple
            accept={ACCEPTED_TYPES}
            className="block w-full text-sm text-zinc-600 file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium dark:text-zinc-400 dark:file:bg-zinc-800 dark:file:text-zinc-200"
            aria-describedby="files-hint"
          />
          <p id="files-hint" className="mt-1 text-xs text-zinc-500">
            Up to 5 images, PDFs or text files.
          </p>
        </div>
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
