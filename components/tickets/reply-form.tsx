"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { controlClass } from "@/components/ui/input";
import type { ActionState } from "@/lib/http/with-action";
import { ACCEPTED_TYPES } from "@/lib/tickets/attachment-types";
import { replySchema } from "@/lib/validation/tickets";

const schema = replySchema.extend({ ref: replySchema.shape.body });
type Values = { ref: string; body: string; internal?: boolean | string };

/**
 * Posts the reply to the REST route (same origin, the session cookie), not a server action: the
 * route checks that the caller may post on the ticket before it reads a byte, streams each file to
 * disk within the API's limits (10 MiB a file), and the browser reports upload progress. A server
 * action would buffer the whole body (and is capped at 1 MB) before any check.
 */
function postReply(
  ticketRef: string,
  data: FormData,
  onProgress: (fraction: number) => void,
): Promise<ActionState> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/tickets/${encodeURIComponent(ticketRef)}/replies`);
    xhr.responseType = "json";
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const json = xhr.response as {
        message?: string;
        error?: { message?: string; details?: Record<string, string[]> };
      } | null;
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ ok: true, message: json?.message ?? "Reply sent" });
      } else {
        resolve({
          ok: false,
          message: json?.error?.message ?? `The reply could not be sent (error ${xhr.status})`,
          errors: json?.error?.details,
        });
      }
    };
    xhr.onerror = () =>
      resolve({ ok: false, message: "The reply could not be sent: check your connection." });
    xhr.send(data);
  });
}

export function ReplyForm({ ticketRef, staff }: { ticketRef: string; staff: boolean }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  // Validated like any form, then sent as FormData so the chosen files travel with the text.
  const send = async (values: Values) => {
    const data = new FormData();
    data.set("body", values.body);
    data.set("internal", String(values.internal === true || values.internal === "true"));
    const files = [...(filesInput.current?.files ?? [])];
    for (const file of files) data.append("files", file);
    setProgress(files.length ? 0 : null);
    const result = await postReply(values.ref, data, setProgress);
    setProgress(null);
    if (result.ok && files.length) {
      result.message += ` with ${files.length} attachment${files.length === 1 ? "" : "s"}`;
    }
    if (result.ok) router.refresh();
    return result;
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
            data-shortcut="reply"
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
          <p id="files-hint" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
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
          <Button type="submit">
            {progress !== null && progress < 1
              ? `Uploading… ${Math.round(progress * 100)}%`
              : pending
                ? "Sending…"
                : "Send"}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
