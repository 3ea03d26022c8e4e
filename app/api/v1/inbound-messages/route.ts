import { listInboundMessages } from "@/lib/email/inbound-log";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { listInboundQuery } from "@/lib/validation/email";

/** The inbound log, newest first (docs/email.md#the-inbound-log). Admins. */
export const GET = withApi(({ actor, query }) => listInboundMessages(actor, query), {
  query: listInboundQuery,
  roles: ["ADMIN"],
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
