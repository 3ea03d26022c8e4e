import { eq } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { tickets } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { attachmentKeys, removeStoredFiles } from "./attachments";
import { findVisibleTicket } from "./visibility";

/** Admins delete a ticket with its replies, events and attachments; working counts follow (triggers). */
export async function deleteTicket(actor: Actor, ref: string) {
  // Visibility first: a ticket the actor can't see answers 404, never 403 (docs/visibility.md#not-found-never-forbidden).
  const ticket = await findVisibleTicket(actor, ref);
  requireRole(actor, "ADMIN");
  // The keys are read in the delete's transaction, so a file attached meanwhile isn't left behind.
  const keys = await writeTransaction(async () => {
    const keys = await attachmentKeys([ticket.number]);
    await getDb().delete(tickets).where(eq(tickets.number, ticket.number));
    return keys;
  });
  await removeStoredFiles(keys); // after the delete committed: a failed delete keeps its files
  return { message: `Ticket #${ticket.number} deleted`, number: ticket.number };
}
