import { retryInboundMessage } from "@/lib/email/inbound-log";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { rowIdOrNotFound } from "@/lib/validation/ids";

/** Handles a quarantined email again; answers what became of it this time. */
export const POST = withApi(
  ({ actor, params }) => retryInboundMessage(actor, rowIdOrNotFound(params.id, "incoming email")),
  { roles: ["ADMIN"] },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
