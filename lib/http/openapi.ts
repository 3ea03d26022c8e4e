import { z } from "zod";
import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import {
  changePasswordSchema,
  createAdminSchema,
  listUsersQuery,
  signinSchema,
  signupSchema,
  updateUserSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  verifyEmailSchema,
} from "@/lib/validation/users";
import { createNotificationSchema, listNotificationsQuery } from "@/lib/validation/notifications";
import { pageQuery } from "@/lib/validation/common";
import { errors, json, op, withStandardResponses } from "./openapi-kit";
import { crmPaths } from "./openapi-crm";
import { emailPaths } from "./openapi-email";
import { importPaths } from "./openapi-import";
import { reportPaths } from "./openapi-reports";
import {
  eventSchema,
  messageSchema,
  pageOf,
  publicUserSchema,
  replyResponseSchema,
  ticketSchema,
  attachmentSchema,
} from "@/lib/validation/responses";
import {
  createTicketSchema,
  listTicketsQuery,
  markdownPreviewSchema,
  replySchema,
  updateTicketSchema,
} from "@/lib/validation/tickets";

const userIdParam = z.object({
  userId: z.string().meta({ description: "The user's login handle" }),
});
const tokenUser = publicUserSchema.extend({ token: z.string(), expiresIn: z.number() });

export const ticketIdParam = z.object({
  id: z.string().meta({ description: "The ticket's id, or its number (1042)" }),
});
const requestIdParam = z.object({
  requestId: z.string().meta({ description: "The requestId answered when it was queued" }),
});
const notificationAcceptedSchema = z.object({
  requestId: z.string(),
  status: z.enum(["PENDING", "SENT", "FAILED"]),
});
const notificationStatusSchema = z.object({
  requestId: z.string(),
  status: z.enum(["PENDING", "SENT", "FAILED"]),
  subject: z.string(),
  recipientEmails: z.array(z.string()),
  requester: z.string(),
  template: z.string(),
  ticketNumber: z.number().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
const healthSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.string().meta({ description: '"ok", or what went wrong' }),
  time: z.string().meta({ description: "The server's clock, ISO 8601 UTC" }),
  storage: z
    .object({
      kind: z.enum(["disk", "s3"]),
      status: z.string().meta({ description: '"ok", or why the bucket does not answer' }),
    })
    .meta({
      description:
        "Where attachments are kept and whether that answers; a bucket that doesn't leaves `status` (and the answer's 200) alone",
    }),
});
const ticketMessage = z.object({ message: z.string(), ticket: ticketSchema });
const check = z.string().meta({ description: '"ok", or what is wrong' });
const livenessSchema = z.object({
  status: z.enum(["ok", "error"]),
  shutdown: check,
  time: z.string().meta({ description: "The server's clock, ISO 8601 UTC" }),
});
const readinessSchema = z.object({
  status: z.enum(["ok", "error"]),
  checks: z.object({
    database: check,
    migrations: check,
    outboxWorker: z.string().meta({
      description:
        '"ok", "not run by this instance (OUTBOX_WORKER=false)" (not a failure), "stopped" or "stuck: …"',
    }),
    shutdown: check,
  }),
  outbox: z
    .object({
      pending: z.number().meta({ description: "Emails waiting to be sent (PENDING)" }),
      oldestPendingSeconds: z
        .number()
        .nullable()
        .meta({ description: "Age of the oldest PENDING email; null when none" }),
    })
    .nullable()
    .meta({ description: "null when the database can't be read" }),
  time: z.string().meta({ description: "The server's clock, ISO 8601 UTC" }),
});

export const paths: ZodOpenApiPathsObject = {
  "/health": {
    get: op("Health of the app and its database", {
      operationId: "getHealth",
      secured: false,
      ok: [200, "Healthy", healthSchema],
      errors: [],
      responses: {
        "503": { description: "The database does not answer", ...json(healthSchema) },
      },
    }),
  },
  "/health/live": {
    get: op("Liveness: the process runs and is not shutting down", {
      operationId: "getLiveness",
      secured: false,
      ok: [200, "Live", livenessSchema],
      errors: [],
      responses: {
        "503": { description: "Shutting down", ...json(livenessSchema) },
      },
    }),
  },
  "/health/ready": {
    get: op("Readiness: whether this instance should get traffic", {
      operationId: "getReadiness",
      secured: false,
      ok: [200, "Ready: every check is ok", readinessSchema],
      errors: [],
      responses: {
        "503": {
          description:
            "Not ready: the database is unreachable, migrations are pending, this instance's outbox worker is stuck, or it is shutting down",
          ...json(readinessSchema),
        },
      },
    }),
  },
  "/openapi.json": {
    get: op("This document (OpenAPI 3.1)", {
      operationId: "getOpenApiDocument",
      secured: false,
      ok: [200, "The OpenAPI document", z.object({ openapi: z.string() }).catchall(z.unknown())],
      errors: [],
    }),
  },
  "/auth/signup": {
    post: op("Sign up (customers are approved at once, engineers wait for an admin)", {
      operationId: "signUp",
      secured: false,
      requestBody: json(signupSchema),
      ok: [201, "Created", z.object({ message: z.string(), user: publicUserSchema })],
      errors: [400, 409, 413, 415, 429],
    }),
  },
  "/auth/signin": {
    post: op("Sign in with userId (or email) and password", {
      operationId: "signIn",
      secured: false,
      requestBody: json(signinSchema),
      ok: [
        200,
        "Signed in; send userDetails.token as a Bearer token",
        z.object({ message: z.string(), userDetails: tokenUser }),
      ],
      errors: [400, 401, 403, 429],
    }),
  },
  "/auth/password": {
    post: op("Change your own password (the old one is required)", {
      operationId: "changePassword",
      requestBody: json(changePasswordSchema),
      ok: [
        200,
        "Changed; earlier tokens stop working",
        z.object({ message: z.string(), token: z.string() }),
      ],
      errors: [400, 401, 429],
    }),
  },
  "/users": {
    get: op("List users (admin)", {
      operationId: "listUsers",
      requestParams: { query: listUsersQuery },
      ok: [200, "A page of users", pageOf(publicUserSchema)],
      errors: [400, 401, 403, 429],
    }),
    post: op("Create another admin (admin)", {
      operationId: "createAdmin",
      requestBody: json(createAdminSchema),
      ok: [201, "Created", z.object({ message: z.string(), user: publicUserSchema })],
      errors: [400, 401, 403, 409, 429],
    }),
  },
  "/users/{userId}": {
    get: op("Read a user (admin, or yourself)", {
      operationId: "getUser",
      requestParams: { path: userIdParam },
      ok: [200, "The user", publicUserSchema],
      errors: [401, 404, 429],
    }),
    put: op("Update a user (admin; yourself for name, email, phone, company)", {
      operationId: "updateUser",
      requestParams: { path: userIdParam },
      requestBody: json(updateUserSchema),
      ok: [200, "Updated", z.object({ message: z.string(), user: publicUserSchema })],
      errors: [400, 401, 403, 404, 409, 429],
    }),
    patch: op("Update a user (same as PUT)", {
      operationId: "patchUser",
      requestParams: { path: userIdParam },
      requestBody: json(updateUserSchema),
      ok: [200, "Updated", z.object({ message: z.string(), user: publicUserSchema })],
      errors: [400, 401, 403, 404, 409, 429],
    }),
    delete: op("Delete a user; their tickets and history stay (admin)", {
      operationId: "deleteUser",
      requestParams: { path: userIdParam },
      ok: [200, "Deleted", messageSchema],
      errors: [401, 403, 404, 409, 429],
    }),
  },
  "/tickets": {
    get: op("List the tickets you may see, filtered, searched and sorted", {
      operationId: "listTickets",
      requestParams: { query: listTicketsQuery },
      ok: [200, "A page of tickets", pageOf(ticketSchema)],
      errors: [400, 401, 429],
    }),
    post: op("Raise a ticket; it is assigned to the least-loaded approved engineer", {
      operationId: "createTicket",
      requestBody: json(createTicketSchema),
      ok: [201, "Created (the message says when no engineer was available)", ticketMessage],
      errors: [400, 401, 429],
    }),
  },
  "/tickets/{id}": {
    get: op("Read a ticket you may see", {
      operationId: "getTicket",
      requestParams: { path: ticketIdParam },
      ok: [200, "The ticket", ticketSchema],
      errors: [401, 404, 429],
    }),
    put: op("Change a ticket: docs/tickets.md#who-may-change-what (never assignee with status)", {
      operationId: "updateTicket",
      requestParams: { path: ticketIdParam },
      requestBody: json(updateTicketSchema),
      ok: [200, "Updated", ticketMessage],
      errors: [400, 401, 403, 404, 429],
    }),
    patch: op("Change a ticket (same as PUT)", {
      operationId: "patchTicket",
      requestParams: { path: ticketIdParam },
      requestBody: json(updateTicketSchema),
      ok: [200, "Updated", ticketMessage],
      errors: [400, 401, 403, 404, 429],
    }),
    delete: op("Delete a ticket with its conversation and history (admin)", {
      operationId: "deleteTicket",
      requestParams: { path: ticketIdParam },
      ok: [200, "Deleted", z.object({ message: z.string(), number: z.number().int() })],
      errors: [401, 403, 404, 429],
    }),
  },
  "/tickets/{id}/accept": {
    post: op("Take an unassigned ticket, or accept your assigned one (engineer)", {
      operationId: "acceptTicket",
      requestParams: { path: ticketIdParam },
      ok: [200, "Accepted; the ticket is IN_PROGRESS", ticketMessage],
      errors: [401, 403, 404, 409, 429],
    }),
  },
  "/tickets/{id}/replies": {
    get: op("The conversation (internal notes only for staff), a page at a time", {
      operationId: "listReplies",
      requestParams: { path: ticketIdParam, query: pageQuery },
      ok: [200, "A page of replies, oldest first", pageOf(replyResponseSchema)],
      errors: [400, 401, 404, 429],
    }),
    post: op(
      "Reply, or add an internal note with internal: true (staff); multipart/form-data adds up to five files",
      {
        operationId: "addReply",
        requestParams: { path: ticketIdParam },
        requestBody: {
          content: {
            "application/json": { schema: replySchema },
            "multipart/form-data": {
              schema: z.object({
                body: z.string(),
                internal: z.enum(["true", "false"]).optional(),
                files: z
                  .array(z.string().meta({ format: "binary" }))
                  .max(5)
                  .optional(),
              }),
            },
          },
        },
        ok: [201, "Added", z.object({ message: z.string(), reply: replyResponseSchema })],
        // 503: the attachment store (an S3 bucket) doesn't answer; the reply isn't added.
        errors: [400, 401, 403, 404, 429, 503],
      },
    ),
  },
  "/render/markdown": {
    post: op("Preview Markdown as the safe HTML a reply with that body would show", {
      operationId: "renderMarkdown",
      description:
        "The reply box's preview: the same trimming, 10,000-character limit, renderer and sanitizer as a reply's `bodyHtml` (docs/tickets.md#formatting).",
      requestBody: json(markdownPreviewSchema),
      ok: [200, "The rendered HTML", z.object({ html: z.string() })],
      errors: [400, 401, 429],
    }),
  },
  "/tickets/{id}/attachments": {
    get: op("The ticket's attachments (those on internal notes only for staff)", {
      operationId: "listAttachments",
      requestParams: { path: ticketIdParam },
      ok: [200, "Every attachment", pageOf(attachmentSchema)],
      errors: [401, 404, 429],
    }),
  },
  "/attachments/{id}": {
    get: {
      operationId: "downloadAttachment",
      summary: "Download an attachment of a ticket you may see",
      requestParams: { path: z.object({ id: z.string() }) },
      responses: {
        "200": { description: "The file, with its content type" },
        ...errors(401, 404, 429, 503),
      },
    },
  },
  "/tickets/{id}/events": {
    get: op("The ticket's timeline (internal events only for staff), a page at a time", {
      operationId: "listEvents",
      requestParams: { path: ticketIdParam, query: pageQuery },
      ok: [200, "A page of events, oldest first", pageOf(eventSchema)],
      errors: [400, 401, 404, 429],
    }),
  },
  "/auth/verify-email": {
    post: op("Confirm an email address with the token from the emailed link", {
      operationId: "verifyEmail",
      secured: false,
      requestBody: json(verifyEmailSchema),
      ok: [200, "Confirmed", z.object({ message: z.string(), userId: z.string() })],
      errors: [400, 429],
    }),
  },
  "/auth/verification-email": {
    post: op("Send yourself a new verification link (at most one a minute)", {
      operationId: "resendVerificationEmail",
      ok: [200, "Sent, or one was sent less than a minute ago", messageSchema],
      errors: [401, 409, 429],
    }),
  },
  "/auth/forgot-password": {
    post: op("Email a single-use link to choose a new password", {
      operationId: "forgotPassword",
      secured: false,
      description: "The answer is the same whether or not the address has an account.",
      requestBody: json(forgotPasswordSchema),
      ok: [200, "Always the same message", messageSchema],
      errors: [400, 429],
    }),
  },
  "/auth/reset-password": {
    post: op("Set a new password with the token from the emailed link", {
      operationId: "resetPassword",
      secured: false,
      description:
        "The token works once, for an hour; every earlier session and token stops working.",
      requestBody: json(resetPasswordSchema),
      ok: [200, "Changed", z.object({ message: z.string(), userId: z.string() })],
      errors: [400, 429],
    }),
  },
  "/notifications": {
    post: op("Queue an email through the outbox (admins, or the service token)", {
      operationId: "createNotification",
      requestBody: json(createNotificationSchema),
      ok: [202, "Queued; follow it by requestId", notificationAcceptedSchema],
      errors: [400, 401, 403, 413, 415, 429],
    }),
    get: op("The outbox, newest first (admins)", {
      operationId: "listNotifications",
      requestParams: { query: listNotificationsQuery },
      ok: [200, "A page of notification requests", pageOf(notificationStatusSchema)],
      errors: [400, 401, 403, 429],
    }),
  },
  "/notifications/{requestId}": {
    get: op("Status of a notification request (admins, or the service token)", {
      operationId: "getNotification",
      requestParams: { path: requestIdParam },
      ok: [
        200,
        "PENDING, SENT or FAILED, with attempts and the last error",
        notificationStatusSchema,
      ],
      errors: [401, 403, 404, 429],
    }),
  },
  "/notifications/{requestId}/retry": {
    post: op("Send a FAILED request again (admins)", {
      operationId: "retryNotification",
      requestParams: { path: requestIdParam },
      ok: [200, "Queued again", notificationStatusSchema],
      errors: [401, 403, 404, 409, 429],
    }),
  },
  "/stream": {
    get: {
      operationId: "openStream",
      summary: "Live updates: server-sent events of ticket changes you may see",
      description:
        "`event: ticket` with `{ticket, type}` and an `id`; reconnect with `Last-Event-ID` (or `?since=` on the first connection) to receive what you missed; `event: reset` means too much was missed: reload.",
      requestParams: {
        query: z.object({
          since: z.string().optional().meta({ description: "Last event id seen" }),
        }),
      },
      responses: {
        "200": {
          description: "An endless text/event-stream",
          content: { "text/event-stream": { schema: z.string() } },
        },
        ...errors(401, 429),
      },
    },
  },
};

let cached: ReturnType<typeof createDocument> | undefined;

/** OpenAPI 3.1, generated from the same zod schemas the routes parse with. */
export function openApiDocument() {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Caseline API",
      version: "1.0.0",
      description:
        "Help desk and light CRM. Every path also answers under /crm/api/v1. Lists take ?limit= (max 100) and ?cursor= and answer {data, nextCursor}. Errors answer {error: {code, message, details?}}.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        accessToken: { type: "apiKey", in: "header", name: "x-access-token" },
      },
    },
    security: [{ bearer: [] }, { accessToken: [] }],
    paths: withStandardResponses({
      ...paths,
      ...crmPaths,
      ...emailPaths,
      ...importPaths,
      ...reportPaths,
    }),
  });
  return cached;
}
