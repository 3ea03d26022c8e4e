"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  createInteraction,
  deleteInteraction,
  getInteraction,
  interactionTickets,
  updateInteraction,
} from "@/lib/crm/interactions";
import { withAction } from "@/lib/http/with-action";
import { setFlash } from "@/lib/http/flash";
import { createTicket } from "@/lib/tickets/create-ticket";
import { createInteractionSchema, updateInteractionSchema } from "@/lib/validation/crm";
import { raiseTicketSchema } from "@/lib/validation/tickets";

const staff = { roles: ["ADMIN" as const, "ENGINEER" as const] };
const id = z.coerce.number().int().positive();

export const createInteractionAction = withAction(
  createInteractionSchema,
  async (actor, input) => {
    const interaction = await createInteraction(actor, input);
    revalidatePath("/interactions");
    const emailed = interaction.kind === "MEETING" || interaction.kind === "CALL";
    await setFlash(
      `Scheduled.${emailed ? ` ${interaction.customerName} is being emailed the details.` : ""}`,
    );
    redirect(`/interactions/${interaction.id}`);
  },
  staff,
);

export const updateInteractionAction = withAction(
  z.object({ id, changes: updateInteractionSchema }),
  async (actor, { id, changes }) => {
    const interaction = await updateInteraction(actor, id, changes);
    revalidatePath(`/interactions/${id}`);
    if (changes.status === "DONE") return `Marked done: "${interaction.title}"`;
    if (changes.status === "CANCELLED") return `Cancelled: "${interaction.title}"`;
    return "Interaction saved";
  },
  staff,
);

export const deleteInteractionAction = withAction(
  z.object({ id }),
  async (actor, { id }) => {
    await deleteInteraction(actor, id);
    revalidatePath("/interactions");
    await setFlash("The interaction was deleted. Tickets raised from it stay.");
    redirect("/interactions");
  },
  staff,
);

/** A ticket for the interaction's customer, linked back to the interaction. */
export const raiseTicketAction = withAction(
  raiseTicketSchema,
  async (actor, input) => {
    const { ticket, message, assigned } = await createTicket(actor, input);
    revalidatePath(`/interactions/${input.interactionId}`);
    const visible = (await interactionTickets(actor, input.interactionId)).some(
      (t) => t.number === ticket.number,
    );
    // An engineer who raised it for someone else's queue may not see it: stay on the interaction.
    if (visible) {
      await setFlash(message, assigned ? "success" : "warning");
      redirect(`/tickets/${ticket.number}`);
    }
    const { customerName } = await getInteraction(actor, input.interactionId);
    await setFlash(
      `Ticket #${ticket.number} was raised for ${customerName} and assigned by the usual rule.`,
    );
    redirect(`/interactions/${input.interactionId}`);
  },
  staff,
);
