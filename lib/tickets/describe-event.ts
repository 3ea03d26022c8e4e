import type { PublicEvent } from "./events";
import { PRIORITY_LABEL, STATUS_LABEL, type Priority, type TicketStatus } from "./statuses";

const status = (v: string | null) => (v ? (STATUS_LABEL[v as TicketStatus] ?? v) : "—");
const priority = (v: string | null) => (v ? (PRIORITY_LABEL[Number(v) as Priority] ?? v) : "—");

/**
 * One sentence per history event: who did what, from what to what. People appear by name; a user
 * ID shows only where no name is known (an account since deleted).
 */
export function describeEvent(
  e: PublicEvent,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const who = e.actorName ?? e.actor ?? "Caseline";
  const person = (userId: string) => names.get(userId) ?? userId;
  switch (e.type) {
    case "created":
      return `${who} raised the ticket`;
    case "assigned":
      if (!e.newValue)
        return `${who} returned it to the unassigned pool${e.oldValue ? ` (was ${person(e.oldValue)})` : ""}`;
      return e.actorName
        ? `${who} assigned it to ${person(e.newValue)}`
        : `Auto-assigned to ${person(e.newValue)}`;
    case "accepted":
      return `${who} accepted the ticket`;
    case "status":
      return `${who} changed the status from ${status(e.oldValue)} to ${status(e.newValue)}`;
    case "priority":
      return `${who} changed the priority from ${priority(e.oldValue)} to ${priority(e.newValue)}`;
    case "reply":
      return `${who} replied`;
    case "note":
      return `${who} added an internal note`;
    case "attachment":
      return `${who} attached ${e.newValue ?? "a file"}`;
    case "edit":
      return `${who} edited the ${e.field ?? "ticket"}`;
    default:
      return `${who}: ${e.type}`;
  }
}
