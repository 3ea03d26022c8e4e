import { describeEvent } from "@/lib/tickets/describe-event";
import type { PublicEvent } from "@/lib/tickets/events";
import { When } from "./badges";

/**
 * The ticket's history; people by name, with their user ID on hover. `names` are the names of the
 * users its assignee changes mention (lib/tickets/events.ts userNamesInEvents, read by the page).
 */
export function Timeline({ events, names }: { events: PublicEvent[]; names: Map<string, string> }) {
  return (
    <ol
      className="relative space-y-3 border-l border-zinc-200 pl-4 text-sm dark:border-zinc-700"
      aria-label="Timeline"
    >
      {events.map((e) => (
        <li key={e.id} className="relative">
          <span
            aria-hidden
            className="absolute top-1.5 -left-[1.3rem] size-2 rounded-full bg-zinc-400 dark:bg-zinc-500"
          />
          <p title={e.actor ? `By ${e.actorName ?? e.actor} (${e.actor})` : undefined}>
            {describeEvent(e, names)}
          </p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            <When iso={e.createdAt} />
          </p>
        </li>
      ))}
    </ol>
  );
}
