/** Ticket statuses and priorities (docs/tickets.md#statuses). Plain constants, safe to import in browser code. */
export const TICKET_STATUSES = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Active: still needs work. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ["OPEN", "IN_PROGRESS", "BLOCKED"];
/** Working: counts towards an engineer's load for auto-assignment. */
export const WORKING_STATUSES: readonly TicketStatus[] = ["OPEN", "IN_PROGRESS"];

export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];
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
