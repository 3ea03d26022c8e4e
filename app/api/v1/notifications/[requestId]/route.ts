import { withApi } from "@/lib/http/with-api";
import { getNotificationRequest } from "@/lib/notifications/requests";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(
  ({ actor, service, params }) =>
    getNotificationRequest(
      service ? { service: true } : { actor: actor! },
      String(params.requestId),
    ),
  { service: true, roles: ["ADMIN"] },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
