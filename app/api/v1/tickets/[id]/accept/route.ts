import { withApi } from "@/lib/http/with-api";
import { acceptTicket } from "@/lib/tickets/accept-ticket";

export const POST = withApi(({ actor, params }) => acceptTicket(actor, String(params.id)));
