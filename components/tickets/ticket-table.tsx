import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { listTable } from "@/components/ui/list-table";
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
    <div className={listTable.frame}>
      <table className={cn(listTable.table, "md:min-w-[44rem]")}>
        <caption className="sr-only">{caption}</caption>
        <thead className={listTable.head}>
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
        <tbody className={listTable.body}>
          {tickets.map((t) => (
            // On a phone each ticket is a card: number and age on top, the title on its own line,
            // then status, priority and who it is with.
            <tr key={t.number} data-row className={cn(listTable.row, listTable.hover)}>
              {selectable ? (
                <td className={cell("order-1")}>
                  <input
                    type="checkbox"
                    name="numbers"
                    value={t.number}
                    form={selectable.formId}
                    aria-label={`Select ticket #${t.number}`}
                    className="size-4 accent-indigo-600 max-md:size-5"
                  />
                </td>
              ) : null}
              <td
                className={cell(
                  "order-2 font-mono text-zinc-600 tabular-nums max-md:text-xs dark:text-zinc-400",
                )}
              >
                #{t.number}
              </td>
              <td className={cn(listTable.line, "order-4 md:max-w-md md:px-3")}>
                <Link
                  href={`/tickets/${t.number}`}
                  data-row-link
                  className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {t.title}
                </Link>
              </td>
              <td className={cell("order-5")}>
                <TicketStatusBadge status={t.status} />
              </td>
              <td className={cell("order-6")}>
                <PriorityBadge priority={t.ticketPriority} />
              </td>
              {showReporter ? (
                <td className={cell("order-8 max-md:text-zinc-600 max-md:dark:text-zinc-400")}>
                  <span className={listTable.phoneOnly}>from </span>
                  {t.reporterName}
                </td>
              ) : null}
              {showAssignee ? (
                <td className={cell("order-7")}>
                  {t.assigneeName ? (
                    <>
                      <span className="text-zinc-600 md:hidden dark:text-zinc-400">with </span>
                      {t.assigneeName}
                    </>
                  ) : (
                    <span className="text-zinc-600 dark:text-zinc-400">Unassigned</span>
                  )}
                </td>
              ) : null}
              <td
                className={cell(
                  "order-3 whitespace-nowrap text-zinc-600 max-md:ml-auto max-md:text-xs dark:text-zinc-400",
                )}
              >
                <span className={listTable.phoneOnly}>Updated </span>
                <When iso={t.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const cell = (extra: string) => cn(listTable.cell, "md:px-3", extra);
