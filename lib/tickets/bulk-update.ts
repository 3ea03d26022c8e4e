import { writeTransaction } from "@/db/client";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import {
  updateTicketSchema,
  type BulkUpdateInput,
  type UpdateTicketInput,
} from "@/lib/validation/tickets";
import { updateTicket } from "./update-ticket";

export type BulkUpdateSummary = {
  /** How many of the selected tickets changed (or already had the value). */
  updated: number;
  total: number;
  /** The tickets that did not change, with the reason each was refused. */
  failures: { number: number; message: string }[];
  /** One sentence for the toolbar: "Updated 3 of 4 tickets. #12: …". */
  message: string;
};

/**
 * Admins set one field on up to 100 tickets at once (docs/tickets.md#bulk-changes). Each ticket
 * goes through the same rules as a single change (updateTicket), with its own events and emails,
 * as its own savepoint inside one write transaction: a ticket the rules refuse is rolled back
 * alone and reported, the others keep their change. An unexpected error rolls back all of them.
 * Throws a ZodError when the value doesn't fit the field (as a single update's would).
 */
export async function bulkUpdateTickets(
  actor: Actor,
  input: BulkUpdateInput,
): Promise<BulkUpdateSummary> {
  requireRole(actor, "ADMIN");
  const { numbers, field, value } = input;
  const changes: UpdateTicketInput = updateTicketSchema.parse(
    field === "assignee" ? { assignee: value === "none" ? null : value } : { [field]: value },
  );
  const failures = await writeTransaction(
    async () => {
      const refused: BulkUpdateSummary["failures"] = [];
      for (const number of numbers) {
        try {
          await writeTransaction(() => updateTicket(actor, String(number), changes));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          refused.push({ number, message: error.message });
        }
      }
      return refused;
    },
    // Reassignments and status changes choose who works a ticket (docs/tickets.md#assignment).
    { assigns: true },
  );
  const total = numbers.length;
  const updated = total - failures.length;
  const why = failures.map((f) => `#${f.number}: ${f.message}`).join("; ");
  return {
    updated,
    total,
    failures,
    message: `Updated ${updated} of ${total} ticket${total === 1 ? "" : "s"}.${why ? ` ${why}` : ""}`,
  };
}
