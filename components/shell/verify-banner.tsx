"use client";

import { useState, useTransition } from "react";
import type { ServerAction } from "@/components/forms/server-action";
import { useHydrated } from "@/components/forms/use-hydrated";

/** Asks, until it is done, to confirm the account's address (docs/roles-and-accounts.md#email-verification). */
export function VerifyBanner({
  email,
  resendAction,
}: {
  email: string;
  resendAction: ServerAction<Record<string, never>>;
}) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const hydrated = useHydrated();
  return (
    <div
      role="region"
      aria-label="Email confirmation"
      className="border-b border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm sm:px-6">
        <span>
          Please confirm your email address: we sent a link to <strong>{email}</strong>.
        </span>
        <button
          type="button"
          disabled={pending || !hydrated}
          onClick={() =>
            startTransition(async () => {
              const result = await resendAction({});
              setMessage(result.message ?? null);
            })
          }
          className="font-medium underline underline-offset-2 hover:no-underline disabled:opacity-60"
        >
          {pending ? "Emailing…" : "Email me a new link"}
        </button>
        {message ? (
          <span role="status" className="text-amber-800 dark:text-amber-300">
            {message}
          </span>
        ) : null}
      </div>
    </div>
  );
}
