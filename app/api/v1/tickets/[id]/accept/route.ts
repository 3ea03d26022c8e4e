import { withApi } from "@/lib/http/with-api";
import { acceptTicket } from "@/lib/tickets/accept-ticket";
import { otherMethods } from "@/lib/http/route-methods";

export const POST = withApi(({ actor, params }) => acceptTicket(actor, String(params.id)));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
