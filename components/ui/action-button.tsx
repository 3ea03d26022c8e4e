"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import type { ActionState } from "@/lib/http/with-action";
import { Button, type ButtonStyle } from "./button";
import { notify } from "./toaster";

type Props = ButtonStyle & {
  action: () => Promise<ActionState>;
  children: string;
  /** Ask before doing it (deletes, rejections): a modal dialog with the consequences spelled out. */
  confirm?: {
    title: string;
    body: string;
    confirmLabel: string;
    cancelLabel?: string;
    tone?: "danger" | "primary";
  };
  pendingLabel?: string;
  /** The accessible name when the visible label is short ("Approve" → "Approve Pat Pending"). */
  label?: string;
};

/** A button that runs a server action, shows progress and any refusal, optionally after a confirmation. */
export function ActionButton({
  action,
  children,
  confirm,
  pendingLabel,
  label,
  variant,
  size,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Each dialog titled by its own heading: a page may hold several (one per mailbox, per user).
  const titleId = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const router = useRouter();

  const run = () =>
    startTransition(async () => {
      setError(null);
      const result = await action();
      dialog.current?.close();
      if (!result.ok) return setError(result.message ?? "That did not work");
      // The work happened: say so where it won't linger, and re-render the page from the server
      // so what it changed (a ticket taken from the pool, a request decided) leaves the screen.
      if (result.message) notify(result.message);
      router.refresh();
    });

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        variant={variant}
        size={size}
        disabled={pending || !hydrated}
        aria-label={label}
        onClick={() => (confirm ? dialog.current?.showModal() : run())}
      >
        {pending ? (pendingLabel ?? "Working…") : children}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </span>
      ) : null}
      {confirm ? (
        <dialog
          ref={dialog}
          aria-labelledby={titleId}
          className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <h2 id={titleId} className="text-lg font-semibold">
            {confirm.title}
          </h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{confirm.body}</p>
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
              {confirm.cancelLabel ?? "Cancel"}
            </Button>
            <Button variant={confirm.tone ?? "danger"} disabled={pending} onClick={run}>
              {pending ? (pendingLabel ?? "Working…") : confirm.confirmLabel}
            </Button>
          </div>
        </dialog>
      ) : null}
    </span>
  );
}
