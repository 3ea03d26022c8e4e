"use client";

import { useWatch } from "react-hook-form";
import type { z } from "zod";
import type { ServerAction } from "@/components/forms/server-action";
import { useServerForm } from "@/components/forms/use-server-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import type { MailboxView } from "@/lib/email/mailboxes";
import { createMailboxSchema, updateMailboxSchema } from "@/lib/validation/email";
import { useConnectionTest } from "./connection-test";

export const IMAP_URL_EXAMPLE = "imaps://user:password@imap.example.com/INBOX";

const FOLDER_HINT =
  "Left empty, a message taken in is marked as read and stays where it is. The folder has to exist in the mailbox already.";

/** The three text fields both forms share; `prefix` keeps two forms' ids apart on one page. */
function MailboxFields({
  prefix,
  register,
  errorsOf,
  urlHint,
}: {
  prefix: string;
  register: (name: "name" | "url" | "moveTo") => object;
  errorsOf: (field: string) => string[] | undefined;
  urlHint: string;
}) {
  const field = (
    name: "name" | "url" | "moveTo",
    label: string,
    hint?: string,
    props: React.ComponentProps<"input"> = {},
  ) => (
    <Field id={`${prefix}-${name}`} label={label} errors={errorsOf(name)} hint={hint}>
      <Input
        id={`${prefix}-${name}`}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={!!errorsOf(name)}
        {...props}
        {...register(name)}
      />
    </Field>
  );
  return (
    <>
      {field("name", "Name", "How the log and the tickets name it, e.g. Support or Sales.")}
      {field("url", "IMAP address", urlHint, {
        placeholder: IMAP_URL_EXAMPLE,
        inputMode: "url",
        className: "font-mono",
      })}
      {field("moveTo", "Move taken messages to folder (optional)", FOLDER_HINT, {
        placeholder: "Caseline",
      })}
    </>
  );
}

/** Adds a mailbox for Caseline to read; its address can be tried before it is saved. */
export function AddMailboxForm({
  action,
  testAction,
}: {
  action: ServerAction<z.input<typeof createMailboxSchema>>;
  testAction: ServerAction<{ url: string }>;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    createMailboxSchema,
    action,
    { name: "", url: "", moveTo: "", enabled: true },
    (result, reset) => {
      notify(result.message ?? "Added");
      reset();
    },
  );
  // Only the address is checked before it is tried: the name may come later.
  const testTyped = async () => {
    if (!(await form.trigger("url"))) return null;
    const result = await testAction({ url: form.getValues("url") });
    const urlErrors = result.errors?.url;
    if (urlErrors) form.setError("url", { type: "server", message: urlErrors.join("\n") });
    return urlErrors ? { ...result, message: urlErrors[0] } : result;
  };
  const test = useConnectionTest(testTyped, {
    label: "Test connection to this address",
    size: "md",
    subject: useWatch({ control: form.control, name: "url" }),
  });
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-5">
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        <MailboxFields
          prefix="new-mailbox"
          register={(name) => form.register(name)}
          errorsOf={errorsOf}
          urlHint="imap:// or imaps://, with the user, password, host and folder. The password is stored encrypted and never shown again."
        />
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={busy}>
              {pending ? "Adding…" : "Add mailbox"}
            </Button>
            {test.button}
          </div>
          {test.status}
        </div>
      </fieldset>
    </form>
  );
}

/**
 * Changes an admin-added mailbox. The address field starts empty (the stored one's password is
 * never sent back): left empty, the stored address is kept.
 */
export function EditMailboxForm({
  mailbox,
  action,
  onDone,
}: {
  mailbox: MailboxView;
  action: ServerAction<{ id: number; changes: z.input<typeof updateMailboxSchema> }>;
  onDone: () => void;
}) {
  const { form, submit, state, pending, busy, errorsOf } = useServerForm(
    updateMailboxSchema,
    (changes) => action({ id: mailbox.id, changes }),
    { name: mailbox.name, url: undefined, moveTo: mailbox.moveTo ?? "" },
    (result) => {
      notify(result.message ?? "Saved");
      onDone();
    },
  );
  const register = (name: "name" | "url" | "moveTo") =>
    // An empty address is no change, not an empty one.
    name === "url"
      ? form.register("url", { setValueAs: (v: string) => (v.trim() ? v : undefined) })
      : form.register(name);
  return (
    <form method="post" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="space-y-4">
        {state?.message && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        <MailboxFields
          prefix={`mailbox-${mailbox.id}`}
          register={register}
          errorsOf={errorsOf}
          urlHint={`Left empty, the stored address${mailbox.address ? ` (${mailbox.address})` : ""} and its password are kept.`}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy}>
            {pending ? "Saving…" : "Save mailbox"}
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
