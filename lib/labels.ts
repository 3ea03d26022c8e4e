/**
 * The one place every enum value gets the words a person reads: selects, badges, filters and
 * confirmations all take their label from here, so "Planned" never sits next to "planned". Title
 * case (first word capitalised). Plain constants, safe to import in browser code.
 */
import type { InboundChannel, InboundStatus } from "@/db/enums";
import type { InteractionKind, InteractionStatus, NotificationStatus } from "@/db/schema";
import type { UserStatus, UserType } from "@/lib/users/roles";

export { PRIORITY_LABEL, STATUS_LABEL as TICKET_STATUS_LABEL } from "@/lib/tickets/statuses";

export const USER_TYPE_LABEL: Record<UserType, string> = {
  CUSTOMER: "Customer",
  ENGINEER: "Engineer",
  ADMIN: "Admin",
};

/** Plural, for headings and counts ("Engineers"). */
export const USER_TYPE_PLURAL: Record<UserType, string> = {
  CUSTOMER: "Customers",
  ENGINEER: "Engineers",
  ADMIN: "Admins",
};

export const USER_STATUS_LABEL: Record<UserStatus, string> = {
  APPROVED: "Approved",
  PENDING: "Pending",
  REJECTED: "Rejected",
};

export const INTERACTION_KIND_LABEL: Record<InteractionKind, string> = {
  MEETING: "Meeting",
  CALL: "Call",
  TASK: "Task",
  FOLLOW_UP: "Follow-up",
};

export const INTERACTION_STATUS_LABEL: Record<InteractionStatus, string> = {
  PLANNED: "Planned",
  DONE: "Done",
  CANCELLED: "Cancelled",
};

export const NOTIFICATION_STATUS_LABEL: Record<NotificationStatus, string> = {
  PENDING: "Pending",
  SENT: "Sent",
  FAILED: "Failed",
};

/** What became of an incoming email (the inbound log's tabs and badges). */
export const INBOUND_STATUS_LABEL: Record<InboundStatus, string> = {
  RECEIVED: "Being handled",
  CREATED: "Created",
  THREADED: "Threaded",
  IGNORED: "Ignored",
  REFUSED: "Refused",
  QUARANTINED: "Quarantined",
  DISCARDED: "Discarded",
};

/** How an incoming email reached Caseline. */
export const INBOUND_CHANNEL_LABEL: Record<InboundChannel, string> = {
  imap: "IMAP mailbox",
  smtp: "SMTP receiver",
};

/** The fields an admin can change on many tickets at once (the bulk toolbar). */
export const TICKET_FIELD_LABEL = {
  status: "Status",
  ticketPriority: "Priority",
  assignee: "Assignee",
} as const;

/** "1 customer", "3 active tickets": a count with its noun, never a bare number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? singular : plural}`;
}
