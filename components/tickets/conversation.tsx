import { Badge, RoleBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { PublicReply } from "@/lib/tickets/replies";
import { When } from "./badges";

export function Conversation({ replies }: { replies: PublicReply[] }) {
  if (replies.length === 0) {
    return <p className="text-sm text-zinc-500">No replies yet.</p>;
  }
  return (
    <ol className="space-y-3" aria-label="Conversation">
      {replies.map((r) => (
        <li
          key={r.id}
          className={cn(
            "rounded-lg border p-4",
            r.internal
              ? "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40"
              : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
          )}
        >
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{r.authorName}</span>
            <RoleBadge role={r.authorType as "ADMIN" | "ENGINEER" | "CUSTOMER"} />
            {r.internal ? <Badge tone="amber">Internal note</Badge> : null}
            <span className="text-zinc-500">
              <When iso={r.createdAt} />
            </span>
          </div>
          <p className="text-sm break-words whitespace-pre-wrap">{r.body}</p>
        </li>
      ))}
    </ol>
  );
}
