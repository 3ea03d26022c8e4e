import { z } from "zod";
import { REPLY_SOURCES } from "@/db/enums";
import { TICKET_STATUSES } from "@/lib/tickets/statuses";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";

/** Shapes of responses, for the OpenAPI document (requests use the input schemas directly). */
export const publicUserSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    userType: z.enum(USER_TYPES),
    userStatus: z.enum(USER_STATUSES),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    emailVerifiedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActiveAt: z.string().nullable(),
  })
  .meta({ id: "User" });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export const messageSchema = z.object({ message: z.string() });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const ticketSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    title: z.string(),
    description: z.string(),
    ticketPriority: z.number().int().meta({ description: "1 extreme · 2 high · 3 medium · 4 low" }),
    status: z.enum(TICKET_STATUSES),
    reporter: z.string().meta({ description: "The reporter's userId" }),
    reporterName: z.string(),
    assignee: z
      .string()
      .nullable()
      .meta({ description: "The assigned engineer's userId, or null" }),
    assigneeName: z.string().nullable(),
    category: z.string().nullable(),
    interactionId: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    acceptedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "Ticket" });

export const replyResponseSchema = z
  .object({
    id: z.number().int(),
    ticketNumber: z.number().int(),
    author: z.string(),
    authorName: z.string(),
    authorType: z.enum(USER_TYPES),
    body: z.string().meta({ description: "The Markdown source, as written" }),
    bodyHtml: z.string().meta({
      description:
        "`body` rendered to HTML and sanitized (docs/tickets.md#formatting): safe to show as it is",
    }),
    internal: z.boolean(),
    source: z
      .enum(REPLY_SOURCES)
      .meta({ description: "Where it was written (docs/email.md#replies-by-email)" }),
    addition: z.boolean().meta({
      description:
        "A customer's email kept before any staff reply (docs/email.md#replies-by-email)",
    }),
    createdAt: z.string(),
  })
  .meta({ id: "Reply" });

export const eventSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    actor: z.string().nullable(),
    actorName: z.string().nullable(),
    field: z.string().nullable(),
    oldValue: z.string().nullable(),
    newValue: z.string().nullable(),
    internal: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "TicketEvent" });

export const attachmentSchema = z
  .object({
    id: z.number().int(),
    replyId: z.number().int().nullable(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    url: z.string().meta({ description: "GET it with the same credentials" }),
    createdAt: z.string(),
  })
  .meta({ id: "Attachment" });
