"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { withAction, type ActionState } from "@/lib/http/with-action";
import { setFlash } from "@/lib/http/flash";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { createTicket } from "@/lib/tickets/create-ticket";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { deleteSavedView, saveView, saveViewSchema } from "@/lib/tickets/saved-views";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { createTicketSchema, updateTicketSchema } from "@/lib/validation/tickets";

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

const bulkSchema = z.object({
  numbers: z
    .array(z.coerce.number().int().positive())
    .min(1, "Select at least one ticket")
    .max(100),
  field: z.enum(["status", "ticketPriority", "assignee"]),
  value: z.string().max(40),
});

/**
 * Admins change many tickets at once. Each ticket goes through the same rules as a single update
 * (its own transaction); the answer says how many changed and why any did not.
 */
export async function bulkUpdateAction(
  _previous: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const run = withAction(
    bulkSchema,
    (actor, { numbers, field, value }) => {
      const changes = updateTicketSchema.parse(
        field === "assignee" ? { assignee: value === "none" ? null : value } : { [field]: value },
      );
      const failures: string[] = [];
      for (const number of numbers) {
        try {
          updateTicket(actor, String(number), changes);
        } catch (error) {
          failures.push(`#${number}: ${error instanceof Error ? error.message : "failed"}`);
        }
      }
      revalidatePath("/", "layout");
      const done = numbers.length - failures.length;
      return `Updated ${done} of ${numbers.length} ticket${numbers.length === 1 ? "" : "s"}.${failures.length ? ` ${failures.join("; ")}` : ""}`;
    },
    { roles: ["ADMIN"] },
  );
  const numbers = form.getAll("numbers");
  // Nothing ticked is no field's fault: say what to do, with no field highlighted.
  if (numbers.length === 0) return { ok: false, message: "Select at least one ticket" };
  return run({
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
