"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

/** The ticket the current page shows, if any: a ticket page hears only its own ticket's changes. */
let focusedTicket: number | null = null;

/** Rendered by the ticket page: changes to other tickets no longer refresh it. */
export function LiveTicketScope({ number }: { number: number }) {
  useEffect(() => {
    focusedTicket = number;
    return () => {
      if (focusedTicket === number) focusedTicket = null;
    };
  }, [number]);
  return null;
}

type State = "connecting" | "live" | "offline";

/**
 * Listens to /api/v1/stream (server-sent events) and refreshes the server-rendered page when a
 * change the user may see arrives: React reconciles the new render, so only what changed moves,
 * and what the user is typing stays. Reconnects resume from the last event seen.
 */
export function LiveUpdates({ since }: { since: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const path = useRef(pathname);
  useEffect(() => {
    path.current = pathname;
  }, [pathname]);
  const start = useRef(since);
  const [state, setState] = useState<State>("connecting");
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    const source = new EventSource(`/api/v1/stream?since=${start.current}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = (what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        router.refresh();
        setAnnouncement(what);
      }, 100);
    };
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("error", () =>
      setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting"),
    );
    source.addEventListener("ticket", (event) => {
      const { ticket, type } = JSON.parse((event as MessageEvent<string>).data) as {
        ticket: number;
        type: string;
      };
      if (focusedTicket !== null && focusedTicket !== ticket) return;
      if (!relevant(path.current)) return;
      refresh(`Ticket #${ticket} ${describe(type)}`);
    });
    source.addEventListener("reset", () => refresh("Updated"));
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [router]);

  const label =
    state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Offline: reload";
  return (
    <span
      data-live-state={state}
      className="inline-flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400"
      title={
        state === "live"
          ? "Changes by others appear here without reloading"
          : "Live updates are paused; they resume on their own"
      }
    >
      <span
        aria-hidden
        className={cn(
          "size-2 rounded-full",
          state === "live"
            ? "bg-emerald-500"
            : state === "connecting"
              ? "bg-amber-400"
              : "bg-zinc-400",
        )}
      />
      <span className="sr-only 2xl:not-sr-only">{label}</span>
      <span className="sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
    </span>
  );
}

/** Pages that show tickets; forms elsewhere (profile, users) need no refresh. */
function relevant(pathname: string) {
  return (
    /^\/(tickets|customers?|engineer|admin)(\/|$)/.test(pathname) &&
    !pathname.startsWith("/tickets/new")
  );
}

function describe(type: string) {
  const words: Record<string, string> = {
    created: "was created",
    assigned: "was assigned",
    accepted: "was accepted",
    status: "changed status",
    priority: "changed priority",
    reply: "has a new reply",
    note: "has a new note",
    attachment: "has a new attachment",
    edit: "was edited",
  };
  return words[type] ?? "changed";
}
