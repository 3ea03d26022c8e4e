import { created, withApi } from "@/lib/http/with-api";
import { createTicket } from "@/lib/tickets/create-ticket";
import { listTickets } from "@/lib/tickets/list-tickets";
import { createTicketSchema, listTicketsQuery } from "@/lib/validation/tickets";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(({ actor, query }) => listTickets(actor, query), {
  query: listTicketsQuery,
});

export const POST = withApi(
  async ({ actor, body }) => {
    const { message, ticket } = await createTicket(actor, body);
    return created({ message, ticket });
  },
  { body: createTicketSchema },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
