"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import type { ServerAction } from "@/components/forms/server-action";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import type { ActionState } from "@/lib/http/with-action";

type View = { id: number; name: string; query: string };

/** Saved views: named filter sets, one click away; the current filters can be saved as a new one. */
export function SavedViews({
  views,
  currentQuery,
  saveAction,
  deleteAction,
}: {
  views: View[];
  currentQuery: string;
  saveAction: ServerAction<{ name: string; query: string }>;
  deleteAction: ServerAction<{ id: number }>;
}) {
  const [name, setName] = useState("");
  const [state, setState] = useState<ActionState | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const result = await saveAction({ name, query: currentQuery });
      // Saved: a toast confirms it; a refusal stays beside the form.
      setState(result.ok ? null : result);
      if (result.ok) {
        setName("");
        notify(result.message ?? "View saved");
      }
    });
  };
  return (
    <section aria-label="Saved views" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400">Views:</span>
      {views.length === 0 ? (
        <span className="text-zinc-600 dark:text-zinc-400">none saved yet</span>
      ) : null}
      {views.map((v) => (
        <span
          key={v.id}
          className="inline-flex items-center rounded-full border border-zinc-300 dark:border-zinc-700"
        >
          <Link
            href={`/tickets?${v.query}`}
            className="rounded-l-full px-3 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            {v.name}
          </Link>
          <button
            type="button"
            disabled={!hydrated || pending}
            onClick={() =>
              start(async () => {
                const result = await deleteAction({ id: v.id });
                setState(result.ok ? null : result);
                if (result.ok) notify(`Deleted the view "${v.name}"`);
              })
            }
            aria-label={`Delete view ${v.name}`}
            className="rounded-r-full px-2 py-1 text-zinc-600 hover:bg-zinc-100 hover:text-red-600 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            ×
          </button>
        </span>
      ))}
      <form onSubmit={save} className="ml-auto flex items-center gap-2">
        <label htmlFor="view-name" className="sr-only">
          Name for this view
        </label>
        <Input
          id="view-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Name this view"
          className="h-8 w-44"
        />
        <Button
          type="submit"
          size="sm"
          variant="secondary"
          disabled={!hydrated || pending || !name.trim()}
        >
          Save view
        </Button>
      </form>
      {state && !state.ok ? (
        <p role="alert" className="w-full text-red-600">
          {state.message}
        </p>
      ) : null}
    </section>
  );
}
