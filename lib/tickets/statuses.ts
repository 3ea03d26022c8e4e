/**
 * Ticket statuses and priorities (docs/tickets.md#statuses) with their labels. The values live in
 * the leaf module @/db/enums, which schema, validation and domain all read; plain constants, safe
 * to import in browser code.
 */
export {
  ACTIVE_STATUSES,
  PRIORITIES,
  TICKET_STATUSES,
  WORKING_STATUSES,
  type Priority,
  type TicketStatus,
} from "@/db/enums";
import type { Priority, TicketStatus } from "@/db/enums";

export const PRIORITY_LABEL: Record<Priority, string> = {
  1: "Extreme",
  2: "High",
  3: "Medium",
  4: "Low",
};
export const STATUS_LABEL: Record<TicketStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  BLOCKED: "Blocked",
  RESOLVED: "Resolved",
  CLOSED: "Closed",
};

export const NO_ENGINEER_MESSAGE = "No engineer is available right now; an admin has been notified";
