"use client";

import { Lock, MessageSquare } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FilePicker } from "@/components/ui/file-picker";
import { controlClass } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import type { ActionState } from "@/lib/http/with-action";
import { ACCEPTED_TYPES } from "@/lib/tickets/attachment-types";
import { REPLY_MAX_LENGTH, replySchema } from "@/lib/validation/tickets";
import { MarkdownField, type EditorTab } from "./markdown-field";

const schema = replySchema.extend({ ref: replySchema.shape.body });
type Values = { ref: string; body: string };

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

type Mode = "reply" | "note";

/**
 * The ticket's composer. Staff choose, before writing, whether this is a reply the customer reads
 * or an internal note only staff see: the switch sits at the top, and a note turns the whole
 * composer amber, says who will see it and changes the button to "Add internal note", so nobody
 * sends a note to a customer (or a reply as a note) by mistake. Customers never see the switch.
 */
export function ReplyForm({ ticketRef, staff }: { ticketRef: string; staff: boolean }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>("reply");
  const [tab, setTab] = useState<EditorTab>("write");
  // Remounts the file picker after a send, so its list of chosen names empties with the input.
  const [sent, setSent] = useState(0);
  const note = staff && mode === "note";
  // Validated like any form, then sent as FormData so the chosen files travel with the text.
  const send = async (values: Values) => {
    const data = new FormData();
    data.set("body", values.body);
    // The mode switch decides, not a field the form could reset behind the writer's back.
    data.set("internal", String(note));
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
    { ref: ticketRef, body: "" },
    (result, reset) => {
      // The mode is the writer's choice and stays; only the text and files clear.
      reset();
      setSent((n) => n + 1);
      setTab("write");
      // Work that happened: a toast that fades, not a banner that outlives it.
      if (result.message) notify(result.message);
    },
  );
  const buttonText =
    progress !== null && progress < 1
      ? `Uploading… ${Math.round(progress * 100)}%`
      : pending
        ? note
          ? "Adding note…"
          : "Sending…"
        : note
          ? "Add internal note"
          : "Send reply";
  return (
    <form method="post" onSubmit={submit} noValidate data-reply-mode={staff ? mode : "reply"}>
      {/* min-w-0: a fieldset is as wide as its widest content by default, and a long line in a
          previewed code block would push the form (and its Send button) under the side column. */}
      <fieldset disabled={busy} className="min-w-0 space-y-3">
        {state && !state.ok && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        {staff ? <ModeSwitch mode={mode} onChange={setMode} /> : null}
        <div
          data-composer
          className={cn(
            "space-y-3 rounded-lg border p-3 transition-colors",
            note
              ? "border-amber-400 bg-amber-50 dark:border-amber-500/60 dark:bg-amber-950/50"
              : "border-transparent p-0",
          )}
        >
          {note ? (
            <p
              id="note-banner"
              className="flex items-center gap-2 text-sm font-semibold text-amber-900 dark:text-amber-200"
            >
              <Lock className="size-4" aria-hidden />
              Internal note — only staff see this
            </p>
          ) : null}
          <MarkdownField
            id="body"
            label={staff ? (note ? "Note for staff" : "Reply to the customer") : "Your reply"}
            errors={errorsOf("body")}
            tab={tab}
            onTabChange={setTab}
            source={() => form.getValues("body")}
            panelClassName={cn(
              note && "border-amber-400 bg-white dark:border-amber-500/60 dark:bg-zinc-950",
            )}
          >
            <textarea
              id="body"
              rows={5}
              maxLength={REPLY_MAX_LENGTH}
              data-shortcut="reply"
              className={cn(
                controlClass,
                note && "border-amber-400 bg-white dark:border-amber-500/60 dark:bg-zinc-950",
              )}
              aria-invalid={!!errorsOf("body")}
              aria-describedby={note ? "note-banner" : undefined}
              placeholder={
                note
                  ? "Context for the team: the customer is never shown this"
                  : staff
                    ? "The customer receives this by email"
                    : undefined
              }
              {...form.register("body")}
            />
          </MarkdownField>
          <FilePicker
            key={sent}
            id="files"
            label="Attachments (optional)"
            hint="Up to 5 images, PDFs or text files."
            multiple
            accept={ACCEPTED_TYPES}
            inputRef={filesInput}
          />
          <div className="flex flex-wrap items-center justify-end gap-3">
            <Button
              type="submit"
              className={cn(
                note &&
                  "bg-amber-700 text-white hover:bg-amber-800 disabled:bg-amber-700/60 dark:bg-amber-400 dark:text-zinc-950 dark:hover:bg-amber-300",
              )}
            >
              {note ? <Lock className="size-4" aria-hidden /> : null}
              {buttonText}
            </Button>
          </div>
        </div>
      </fieldset>
    </form>
  );
}

/** Reply or internal note: a segmented pair of radio buttons (arrow keys move between them). */
function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (mode: Mode) => void }) {
  const options: { value: Mode; label: string; icon: typeof Lock }[] = [
    { value: "reply", label: "Reply", icon: MessageSquare },
    { value: "note", label: "Internal note", icon: Lock },
  ];
  return (
    <fieldset>
      <legend className="sr-only">Write a reply or an internal note</legend>
      <div className="inline-flex rounded-lg border border-zinc-300 bg-zinc-100 p-0.5 dark:border-zinc-700 dark:bg-zinc-800">
        {options.map(({ value, label, icon: Icon }) => (
          <label
            key={value}
            className={cn(
              "relative inline-flex cursor-pointer items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium",
              "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-indigo-500",
              mode === value
                ? value === "note"
                  ? "bg-amber-100 text-amber-950 shadow-sm ring-1 ring-amber-400 dark:bg-amber-900 dark:text-amber-50 dark:ring-amber-500/60"
                  : "bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-300 dark:bg-zinc-950 dark:text-zinc-50 dark:ring-zinc-600"
                : "text-zinc-700 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white",
            )}
          >
            <input
              type="radio"
              name="reply-mode"
              value={value}
              checked={mode === value}
              onChange={() => onChange(value)}
              // Covers its segment, invisible: a click anywhere on it lands on the radio itself.
              className="absolute inset-0 size-full cursor-pointer opacity-0"
            />
            <Icon className="size-4" aria-hidden />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
