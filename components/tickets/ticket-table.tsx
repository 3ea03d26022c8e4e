import Link from "next/link";
import type { PublicTicket } from "@/lib/tickets/public-ticket";
import { PriorityBadge, TicketStatusBadge, When } from "./badges";

/**
 * The ticket list used by every role. With `selectable`, each row has a checkbox named "numbers"
 * that belongs to the form with id `formId` (the admin's bulk actions).
 */
export function TicketTable({
  tickets,
  showReporter = true,
  showAssignee = true,
  selectable,
  caption = "Tickets",
}: {
  tickets: PublicTicket[];
  showReporter?: boolean;
  showAssignee?: boolean;
  selectable?: { formId: string };
  caption?: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full min-w-[44rem] text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-left text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {selectable ? (
              <th scope="col" className="w-10 px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            <th scope="col" className="w-20 px-3 py-2 font-medium">
              #
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Title
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Priority
            </th>
            {showReporter ? (
              <th scope="col" className="px-3 py-2 font-medium">
                Reporter
              </th>
            ) : null}
            {showAssignee ? (
              <th scope="col" className="px-3 py-2 font-medium">
                Assignee
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2 font-medium">
              Updated
            </th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr
              data-row
              key={t.number}
              className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50"
            >
              {selectable ? (
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    name="numbers"
                    value={t.number}
                    form={selectable.formId}
                    aria-label={`Select ticket #${t.number}`}
                    className="size-4 accent-indigo-600"
                  />
                </td>
              ) : null}
              <td className="px-3 py-2 font-mono text-zinc-600 tabular-nums dark:text-zinc-400">
                #{t.number}
              </td>
              <td className="max-w-md px-3 py-2">
                <Link
                  data-row-link
                  href={`/tickets/${t.number}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {t.title}
                </Link>
              </td>
              <td className="px-3 py-2">
                <TicketStatusBadge status={t.status} />
              </td>
              <td className="px-3 py-2">
                <PriorityBadge priority={t.ticketPriority} />
              </td>
              {showReporter ? <td className="px-3 py-2">{t.reporterName}</td> : null}
              {showAssignee ? (
                <td className="px-3 py-2">
                  {t.assigneeName ?? (
                    <span className="text-zinc-600 dark:text-zinc-400">Unassigned</span>
                  )}
                </td>
              ) : null}
              <td className="px-3 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                <When iso={t.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
