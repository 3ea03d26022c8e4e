import { withApi } from "@/lib/http/with-api";
import { retryNotification } from "@/lib/notifications/requests";
import { otherMethods } from "@/lib/http/route-methods";

export const POST = withApi(
  ({ actor, params }) => retryNotification(actor, String(params.requestId)),
  {
    roles: ["ADMIN"],
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
