import { z } from "zod";
import { NOTIFICATION_STATUSES } from "@/db/schema";
import { emptyAsUndefined, pageQuery } from "./common";

/** POST /notifications (docs/notifications.md#the-notification-api): an email request, sent through the outbox. */
export const createNotificationSchema = z.object({
  subject: z.string({ error: "Give a subject" }).trim().min(1, "Give a subject").max(300),
  content: z.union(
    [
      z.string().min(1, "Give the content").max(100_000),
      z.object({
        text: z.string().min(1, "Give the text part").max(100_000),
        html: z.string().max(500_000).optional(),
      }),
    ],
    { error: "content is the text, or {text, html}" },
  ),
  recipientEmails: z
    .array(
      z.email("Not an email address").transform((e) => e.toLowerCase()),
      {
        error: "recipientEmails is a list of addresses",
      },
    )
    .min(1, "Give at least one recipient")
    .max(50, "At most 50 recipients per request"),
  requester: z.string({ error: "Say who asks (requester)" }).trim().min(1).max(120),
  ticketId: z.union([z.string().trim().min(1).max(40), z.number().int().positive()]).optional(),
});
export type CreateNotificationInput = z.infer<typeof createNotificationSchema>;

export const listNotificationsQuery = pageQuery.extend({
  status: emptyAsUndefined(z.enum(NOTIFICATION_STATUSES)),
  ticket: emptyAsUndefined(z.coerce.number().int().positive()),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;
