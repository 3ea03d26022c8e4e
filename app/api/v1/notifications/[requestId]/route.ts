import { withApi } from "@/lib/http/with-api";
import { getNotificationRequest } from "@/lib/notifications/requests";

export const GET = withApi(
  ({ actor, service, params }) =>
    getNotificationRequest(
      service ? { service: true } : { actor: actor! },
      String(params.requestId),
    ),
  { service: true, roles: ["ADMIN"] },
);
