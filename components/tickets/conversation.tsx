import { Badge, RoleBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { RichText } from "@/components/ui/rich-text";
import { Paperclip } from "lucide-react";
import type { PublicAttachment } from "@/lib/tickets/attachments";
import type { PublicReply } from "@/lib/tickets/replies";
import { When } from "./badges";

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1_048_576
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1_048_576).toFixed(1)} MB`;

export function Conversation({
  replies,
  attachments,
}: {
  replies: PublicReply[];
  attachments: PublicAttachment[];
}) {
  if (replies.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No replies yet.</p>;
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
            {/* An addition: a customer's email that came before any staff answer (docs/email.md#replies-by-email). */}
            {r.source === "email" ? (
              <Badge tone="gray">
                {r.addition ? "By email, before a staff reply" : "By email"}
              </Badge>
            ) : null}
            <span className="text-zinc-600 dark:text-zinc-400">
              <When iso={r.createdAt} />
            </span>
          </div>
          <RichText html={r.bodyHtml} />
          {attachments.some((a) => a.replyId === r.id) ? (
            <ul className="mt-3 flex flex-wrap gap-2" aria-label="Attachments">
              {attachments
                .filter((a) => a.replyId === r.id)
                .map((a) => (
                  <li key={a.id}>
                    <a
                      href={a.url}
                      target="_blank"
                      rel="noopener"
                      className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                    >
                      <Paperclip className="size-3.5" aria-hidden />
                      {a.filename}{" "}
                      <span className="text-zinc-600 dark:text-zinc-400">({size(a.size)})</span>
                    </a>
                  </li>
                ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
