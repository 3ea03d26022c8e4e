"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { withAction, type ActionState } from "@/lib/http/with-action";
import { setFlash } from "@/lib/http/flash";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { bulkUpdateTickets } from "@/lib/tickets/bulk-update";
import { createTicket } from "@/lib/tickets/create-ticket";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { deleteSavedView, saveView, saveViewSchema } from "@/lib/tickets/saved-views";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { bulkUpdateSchema, createTicketSchema, updateTicketSchema } from "@/lib/validation/tickets";

const ref = z.string().min(1).max(40);

export const createTicketAction = withAction(createTicketSchema, async (actor, input) => {
  const { ticket, message, assigned } = await createTicket(actor, input);
  revalidatePath("/", "layout");
  await setFlash(message, assigned ? "success" : "warning");
  redirect(`/tickets/${ticket.number}`);
});

export const updateTicketAction = withAction(
  z.object({ ref, changes: updateTicketSchema }),
  async (actor, { ref, changes }) => {
    const { message, ticket } = await updateTicket(actor, ref, changes);
    revalidatePath("/", "layout");
    // A customer's close or reopen is confirmed in words that say what happened and what's next.
    const only = Object.keys(changes).length === 1;
    if (only && changes.status === "CLOSED" && ticket.status === "CLOSED")
      return `Ticket #${ticket.number} closed. Reopen it if the problem comes back.`;
    if (only && changes.status === "OPEN" && ticket.status === "OPEN")
      return `Ticket #${ticket.number} reopened`;
    return message;
  },
);

export const acceptTicketAction = withAction(z.object({ ref }), async (actor, { ref }) => {
  const { message } = await acceptTicket(actor, ref);
  revalidatePath("/", "layout");
  return message;
});

export const deleteTicketAction = withAction(
  z.object({ ref }),
  async (actor, { ref }) => {
    const { number } = await deleteTicket(actor, ref);
    revalidatePath("/", "layout");
    await setFlash(`Ticket #${number} was deleted.`);
    redirect("/tickets");
  },
  { roles: ["ADMIN"] },
);

/**
 * Admins change many tickets at once (lib/tickets/bulk-update.ts): each ticket goes through the
 * same rules as a single update; the answer says how many changed and why any did not.
 */
const bulkUpdate = withAction(
  bulkUpdateSchema,
  async (actor, input) => {
    const { message } = await bulkUpdateTickets(actor, input);
    revalidatePath("/", "layout");
    return message;
  },
  { roles: ["ADMIN"] },
);

/** The bulk toolbar posts its FormData: the ticked numbers, the field and the value. */
export async function bulkUpdateAction(
  _previous: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const numbers = form.getAll("numbers");
  // Nothing ticked is no field's fault: say what to do, with no field highlighted.
  if (numbers.length === 0) return { ok: false, message: "Select at least one ticket" };
  return bulkUpdate({
    numbers,
    field: form.get("field"),
    value: form.get("value") ?? "",
  });
}

export const saveViewAction = withAction(saveViewSchema, async (actor, input) => {
  const view = await saveView(actor, input);
  revalidatePath("/tickets");
  return `Saved "${view.name}"`;
});

export const deleteViewAction = withAction(
  z.object({ id: z.number().int() }),
  async (actor, { id }) => {
    await deleteSavedView(actor, id);
    revalidatePath("/tickets");
    return "View deleted";
  },
);
