"use client";

import { CircleAlert, CircleCheck } from "lucide-react";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Button, type ButtonStyle } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/http/with-action";

/**
 * "Test connection": logs in to the mailbox and says what it found, or why it could not. The
 * button and its answer come apart, for the caller to place the answer under a row of buttons. A
 * failed connection is an answer, not an error of the page: both are read out politely, from a
 * live region that is in the page before the answer is.
 */
export function useConnectionTest(
  /** The test; resolves null when it was not sent (the address typed is not valid yet). */
  run: () => Promise<ActionState | null>,
  {
    label,
    size = "sm",
    subject = "",
  }: {
    /** The accessible name when there are several ("Test connection to Sales"). */
    label?: string;
    size?: ButtonStyle["size"];
    /** What is tested (the address typed): an answer about another one is not shown. */
    subject?: string;
  } = {},
) {
  const [answer, setAnswer] = useState<{ state: ActionState | null; subject: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const test = () =>
    startTransition(async () => {
      setAnswer(null);
      setAnswer({ state: await run(), subject });
    });
  const result = answer?.subject === subject ? answer.state : null;
  const button = (
    <Button
      variant="secondary"
      size={size}
      aria-label={label}
      disabled={pending || !hydrated}
      onClick={test}
    >
      {pending ? "Connecting…" : "Test connection"}
    </Button>
  );
  const status = (
    <p
      role="status"
      className={cn(
        "text-sm break-words",
        result?.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400",
      )}
    >
      {result?.message ? (
        <span className="flex items-start gap-1.5">
          {result.ok ? (
            <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
          ) : (
            <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          )}
          <span className="min-w-0">{result.message}</span>
        </span>
      ) : null}
    </p>
  );
  return { button, status };
}
