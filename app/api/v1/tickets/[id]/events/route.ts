import { withApi } from "@/lib/http/with-api";
import { otherMethods } from "@/lib/http/route-methods";
import { listEventsPage } from "@/lib/tickets/events";
import { pageQuery } from "@/lib/validation/common";

/** The timeline, oldest first, a page at a time (`limit`, `cursor`). */
export const GET = withApi(
  ({ actor, params, query }) => listEventsPage(actor, String(params.id), query),
  { query: pageQuery },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
