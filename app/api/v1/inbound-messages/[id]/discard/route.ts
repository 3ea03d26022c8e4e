import { discardInboundMessage } from "@/lib/email/inbound-log";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { rowIdOrNotFound } from "@/lib/validation/ids";

/** Gives up on a quarantined email: kept in the log as discarded, its stored copy removed. */
export const POST = withApi(
  ({ actor, params }) => discardInboundMessage(actor, rowIdOrNotFound(params.id, "incoming email")),
  { roles: ["ADMIN"] },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
