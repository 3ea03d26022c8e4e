import { Badge } from "@/components/ui/badge";
import { relativeTime, utcMinute } from "@/lib/format";
import {
  PRIORITY_LABEL,
  STATUS_LABEL,
  type Priority,
  type TicketStatus,
} from "@/lib/tickets/statuses";

const STATUS_TONE = {
  OPEN: "indigo",
  IN_PROGRESS: "amber",
  BLOCKED: "red",
  RESOLVED: "green",
  CLOSED: "gray",
} as const;
const PRIORITY_TONE = { 1: "red", 2: "amber", 3: "indigo", 4: "gray" } as const;

export const TicketStatusBadge = ({ status }: { status: TicketStatus }) => (
  <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>
);

export const PriorityBadge = ({ priority }: { priority: number }) => (
  <Badge tone={PRIORITY_TONE[priority as Priority] ?? "gray"}>
    {PRIORITY_LABEL[priority as Priority] ?? priority}
  </Badge>
);

export const ticketRef = (number: number) => `#${number}`;

/** "3 hours ago", with the exact UTC time in a tooltip. */
export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={utcMinute(iso)}>
      {relativeTime(iso)}
    </time>
  );
}
