import { withApi } from "@/lib/http/with-api";
import { listEvents } from "@/lib/tickets/events";
import { otherMethods } from "@/lib/http/route-methods";

/** The whole timeline in one page (nextCursor is always null). */
export const GET = withApi(({ actor, params }) => ({
  data: listEvents(actor, String(params.id)),
  nextCursor: null,
}));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
