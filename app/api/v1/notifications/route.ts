import { withApi } from "@/lib/http/with-api";
import { createNotificationRequest, listNotifications } from "@/lib/notifications/requests";
import { createNotificationSchema, listNotificationsQuery } from "@/lib/validation/notifications";
import { otherMethods } from "@/lib/http/route-methods";

/** Queued, not sent: 202 with the requestId to follow it by. Admins, or the service token. */
export const POST = withApi(
  async ({ actor, service, body }) =>
    Response.json(
      await createNotificationRequest(service ? { service: true } : { actor: actor! }, body),
      { status: 202 },
    ),
  { body: createNotificationSchema, service: true, roles: ["ADMIN"] },
);

export const GET = withApi(({ actor, query }) => listNotifications(actor, query), {
  query: listNotificationsQuery,
  roles: ["ADMIN"],
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
