"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  createInteraction,
  deleteInteraction,
  interactionTickets,
  updateInteraction,
} from "@/lib/crm/interactions";
import { withAction } from "@/lib/http/with-action";
import { createTicket } from "@/lib/tickets/create-ticket";
import { createInteractionSchema, updateInteractionSchema } from "@/lib/validation/crm";
import { raiseTicketSchema } from "@/lib/validation/tickets";

const staff = { roles: ["ADMIN" as const, "ENGINEER" as const] };
const id = z.coerce.number().int().positive();

export const createInteractionAction = withAction(
  createInteractionSchema,
  (actor, input) => {
    const interaction = createInteraction(actor, input);
    revalidatePath("/interactions");
    redirect(`/interactions/${interaction.id}?created=1`);
  },
  staff,
);

export const updateInteractionAction = withAction(
  z.object({ id, changes: updateInteractionSchema }),
  (actor, { id, changes }) => {
    const interaction = updateInteraction(actor, id, changes);
    revalidatePath(`/interactions/${id}`);
    if (changes.status === "DONE") return `Marked done: "${interaction.title}"`;
    if (changes.status === "CANCELLED") return `Cancelled: "${interaction.title}"`;
    return "Interaction saved";
  },
  staff,
);

export const deleteInteractionAction = withAction(
  z.object({ id }),
  (actor, { id }) => {
    deleteInteraction(actor, id);
    revalidatePath("/interactions");
    redirect("/interactions?deleted=1");
  },
  staff,
);

/** A ticket for the interaction's customer, linked back to the interaction. */
export const raiseTicketAction = withAction(
  raiseTicketSchema,
  (actor, input) => {
    const { ticket, message } = createTicket(actor, input);
    revalidatePath(`/interactions/${input.interactionId}`);
    const visible = interactionTickets(actor, input.interactionId).some(
      (t) => t.number === ticket.number,
    );
    // An engineer who raised it for someone else's queue may not see it: stay on the interaction.
    redirect(
      visible
        ? `/tickets/${ticket.number}?created=${encodeURIComponent(message)}`
        : `/interactions/${input.interactionId}?raised=${ticket.number}`,
    );
  },
  staff,
);
