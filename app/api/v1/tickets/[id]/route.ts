import { withApi } from "@/lib/http/with-api";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { toPublicTicket } from "@/lib/tickets/public-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { findVisibleTicket } from "@/lib/tickets/visibility";
import { updateTicketSchema } from "@/lib/validation/tickets";
import { otherMethods } from "@/lib/http/route-methods";

const ref = (params: Record<string, unknown>) => String(params.id);

export const GET = withApi(async ({ actor, params }) =>
  toPublicTicket(await findVisibleTicket(actor, ref(params))),
);

const update = withApi(({ actor, params, body }) => updateTicket(actor, ref(params), body), {
  body: updateTicketSchema,
});
export const PUT = update;
export const PATCH = update;

// Admins only, checked after visibility inside deleteTicket so a hidden ticket answers 404.
export const DELETE = withApi(({ actor, params }) => deleteTicket(actor, ref(params)));

export const { HEAD, POST, OPTIONS } = otherMethods({ GET, PUT, PATCH, DELETE });
