"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Button } from "@/components/ui/button";
import { notify } from "@/components/ui/toaster";
import type { ActionState } from "@/lib/http/with-action";

/**
 * "Retry" on a quarantined email. Unlike a plain action button, its toast takes the tone the action
 * gives: a ticket or a reply is news to celebrate, "quarantined again" is a warning.
 */
export function RetryButton({ action }: { action: () => Promise<ActionState> }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const router = useRouter();
  const run = () =>
    startTransition(async () => {
      setError(null);
      const result = await action();
      if (!result.ok) return setError(result.message ?? "That did not work");
      notify(result.message ?? "Retried", result.tone ?? "success");
      router.refresh();
    });
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button disabled={pending || !hydrated} onClick={run}>
        {pending ? "Retrying…" : "Retry"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}
