import { PRIORITY_LABEL, STATUS_LABEL, type Priority, type TicketStatus } from "./statuses";

/** The fields of a ticket the actions panel edits, as the panel holds them. */
export type TicketFields = { status: TicketStatus; priority: number; assignee: string | null };

/** What the panel sends: only the fields that differ from what the ticket has now. */
export function changedFields(before: TicketFields, after: TicketFields) {
  const changes: { status?: TicketStatus; ticketPriority?: number; assignee?: string | null } = {};
  if (after.status !== before.status) changes.status = after.status;
  if (after.priority !== before.priority) changes.ticketPriority = after.priority;
  if (after.assignee !== before.assignee) changes.assignee = after.assignee;
  return changes;
}

/**
 * One line saying what a save changed, for the toast that confirms it:
 * "Status: Open → Resolved · Assignee: Unassigned → Eve Engineer". Names come from `nameOf`
 * (the user ID when the name isn't known). Plain code, safe in the browser.
 */
export function describeChanges(
  before: TicketFields,
  after: TicketFields,
  nameOf: (userId: string) => string = (id) => id,
): string {
  const person = (id: string | null) => (id === null ? "Unassigned" : nameOf(id));
  const parts: string[] = [];
  if (after.status !== before.status)
    parts.push(`Status: ${STATUS_LABEL[before.status]} → ${STATUS_LABEL[after.status]}`);
  if (after.priority !== before.priority)
    parts.push(
      `Priority: ${PRIORITY_LABEL[before.priority as Priority] ?? before.priority} → ${PRIORITY_LABEL[after.priority as Priority] ?? after.priority}`,
    );
  if (after.assignee !== before.assignee)
    parts.push(`Assignee: ${person(before.assignee)} → ${person(after.assignee)}`);
  return parts.length ? parts.join(" · ") : "Nothing changed";
}

export type FieldChanges = ReturnType<typeof changedFields>;

/**
 * The requests a save takes. The domain refuses a new assignee and a new status in one update
 * (each is its own step in the history, with its own notification), so those go as two: the
 * assignee (with any priority) first, then the status. Anything else goes as one.
 */
export function saveSteps(changes: FieldChanges): FieldChanges[] {
  if (Object.keys(changes).length === 0) return [];
  const { status, ...rest } = changes;
  if (status === undefined || rest.assignee === undefined) return [changes];
  return [rest, { status }];
}

/** The fields after a step was saved. */
export function applyStep(fields: TicketFields, step: FieldChanges): TicketFields {
  return {
    status: step.status ?? fields.status,
    priority: step.ticketPriority ?? fields.priority,
    assignee: step.assignee !== undefined ? step.assignee : fields.assignee,
  };
}
