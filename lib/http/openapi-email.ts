import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { INBOUND_CHANNELS, INBOUND_STATUSES } from "@/db/enums";
import {
  createMailboxSchema,
  listInboundQuery,
  testMailboxSchema,
  updateMailboxSchema,
} from "@/lib/validation/email";
import { messageSchema, pageOf } from "@/lib/validation/responses";
import { errors, json, op } from "./openapi-kit";

const inboundMessageSchema = z
  .object({
    id: z.number(),
    messageId: z.string().meta({ description: "Its Message-ID, or sha256:… when it had none" }),
    channel: z.enum(INBOUND_CHANNELS),
    mailbox: z.object({ id: z.number(), name: z.string() }).nullable(),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    size: z.number().meta({ description: "Bytes, as received" }),
    status: z.enum(INBOUND_STATUSES),
    reason: z
      .string()
      .nullable()
      .meta({ description: "How it was threaded, or why it was refused, ignored or quarantined" }),
    ticketNumber: z.number().nullable(),
    replyId: z.number().nullable(),
    attempts: z.number(),
    rawKept: z.boolean().meta({ description: "Whether GET …/raw has it" }),
    receivedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "InboundMessage" });

const retryResultSchema = z.object({
  outcome: z.object({
    id: z.number(),
    status: z.enum([...INBOUND_STATUSES, "DUPLICATE"]),
    reason: z.string().nullable(),
    ticketNumber: z.number().nullable(),
  }),
  message: inboundMessageSchema,
});

const mailboxSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z
      .enum(["env", "admin"])
      .meta({ description: '"env" for INBOUND_IMAP_URL (read-only here), "admin" for added ones' }),
    address: z
      .string()
      .nullable()
      .meta({ description: "imaps://user@host:993/INBOX: never the password" }),
    moveTo: z.string().nullable(),
    enabled: z.boolean(),
    reading: z.boolean().meta({ description: "An instance holds its lease and reads it now" }),
    lastCheckedAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Mailbox" });

const connectionTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  unseen: z.number().optional(),
  total: z.number().optional(),
});

const statusSchema = z.object({
  supportEmail: z.string().nullable(),
  smtp: z.object({
    configured: z.boolean().meta({ description: "INBOUND_SMTP_PORT is set" }),
    host: z.string(),
    port: z.number().nullable(),
    listening: z.boolean().meta({ description: "On the instance that answered" }),
    received: z.number(),
    refused: z.number(),
    startedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  }),
  readsMailboxes: z.boolean().meta({ description: "The answering instance runs INBOUND_WORKER" }),
  mailboxes: z.array(mailboxSchema),
});

const idParam = z.object({ id: z.string().meta({ description: "The row's id" }) });

/** The email channel's admin side (docs/email.md). Merged into the document by openapi.ts. */
export const emailPaths: ZodOpenApiPathsObject = {
  "/inbound/status": {
    get: op("The SMTP receiver and every mailbox, as the answering instance sees them (admins)", {
      operationId: "getInboundStatus",
      ok: [200, "Status", statusSchema],
      errors: [401, 403, 429],
    }),
  },
  "/inbound-messages": {
    get: op("The inbound log: every email that came in, newest first (admins)", {
      operationId: "listInboundMessages",
      requestParams: { query: listInboundQuery },
      ok: [200, "A page of incoming emails", pageOf(inboundMessageSchema)],
      errors: [400, 401, 403, 429],
    }),
  },
  "/inbound-messages/{id}": {
    get: op("One incoming email and what became of it (admins)", {
      operationId: "getInboundMessage",
      requestParams: { path: idParam },
      ok: [200, "The email", inboundMessageSchema],
      errors: [401, 403, 404, 429],
    }),
  },
  "/inbound-messages/{id}/raw": {
    get: {
      operationId: "getInboundMessageRaw",
      summary: "The email exactly as received, as a .eml download (admins)",
      requestParams: { path: idParam },
      responses: {
        "200": {
          description: "message/rfc822",
          content: { "message/rfc822": { schema: z.string() } },
        },
        ...errors(401, 403, 404, 429),
      },
    },
  },
  "/inbound-messages/{id}/retry": {
    post: op("Handle a quarantined email again (admins)", {
      operationId: "retryInboundMessage",
      requestParams: { path: idParam },
      ok: [200, "What became of it this time", retryResultSchema],
      errors: [401, 403, 404, 409, 429],
    }),
  },
  "/inbound-messages/{id}/discard": {
    post: op("Give up on a quarantined email; its stored copy is removed (admins)", {
      operationId: "discardInboundMessage",
      requestParams: { path: idParam },
      ok: [200, "Discarded", inboundMessageSchema],
      errors: [401, 403, 404, 409, 429],
    }),
  },
  "/mailboxes": {
    get: op("The IMAP mailboxes Caseline reads (admins)", {
      operationId: "listMailboxes",
      ok: [200, "Every mailbox", z.object({ data: z.array(mailboxSchema) })],
      errors: [401, 403, 429],
    }),
    post: op("Add a mailbox to read; its password is sealed and never shown again (admins)", {
      operationId: "createMailbox",
      requestBody: json(createMailboxSchema),
      ok: [201, "Added; read from now on when enabled", mailboxSchema],
      errors: [400, 401, 403, 409, 413, 415, 429],
    }),
  },
  "/mailboxes/test": {
    post: op("Test connection to an address before saving it (admins)", {
      operationId: "testMailboxUrl",
      description: "Answers 200 whether or not it connected: `ok` and `message` say how it went.",
      requestBody: json(testMailboxSchema),
      ok: [200, "How the connection went", connectionTestSchema],
      errors: [400, 401, 403, 413, 415, 429],
    }),
  },
  "/mailboxes/{id}": {
    get: op("One mailbox (admins)", {
      operationId: "getMailbox",
      requestParams: { path: idParam },
      ok: [200, "The mailbox", mailboxSchema],
      errors: [401, 403, 404, 429],
    }),
    patch: op("Rename, readdress, change the folder, enable or disable (admins)", {
      operationId: "updateMailbox",
      description:
        "A URL left out keeps the stored one and its password. INBOUND_IMAP_URL's mailbox can only be enabled or disabled here (409 otherwise).",
      requestParams: { path: idParam },
      requestBody: json(updateMailboxSchema),
      ok: [200, "Changed", mailboxSchema],
      errors: [400, 401, 403, 404, 409, 413, 415, 429],
    }),
    delete: op("Stop reading a mailbox and remove it; what it brought in stays (admins)", {
      operationId: "deleteMailbox",
      requestParams: { path: idParam },
      ok: [200, "Removed", messageSchema],
      errors: [401, 403, 404, 409, 429],
    }),
  },
  "/mailboxes/{id}/test": {
    post: op("Test connection with the stored address (admins)", {
      operationId: "testMailbox",
      description: "Answers 200 whether or not it connected: `ok` and `message` say how it went.",
      requestParams: { path: idParam },
      ok: [200, "How the connection went", connectionTestSchema],
      errors: [401, 403, 404, 429],
    }),
  },
};
