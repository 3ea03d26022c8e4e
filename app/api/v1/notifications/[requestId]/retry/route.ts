import { withApi } from "@/lib/http/with-api";
import { retryNotification } from "@/lib/notifications/requests";

export const POST = withApi(
  ({ actor, params }) => retryNotification(actor, String(params.requestId)),
  {
    roles: ["ADMIN"],
  },
);
