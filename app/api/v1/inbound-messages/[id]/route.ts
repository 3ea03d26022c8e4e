import { getInboundMessage } from "@/lib/email/inbound-log";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { rowIdOrNotFound } from "@/lib/validation/ids";

export const GET = withApi(
  ({ actor, params }) => getInboundMessage(actor, rowIdOrNotFound(params.id, "incoming email")),
  { roles: ["ADMIN"] },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
