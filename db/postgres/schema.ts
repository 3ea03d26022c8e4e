import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

import {
  INBOUND_CHANNELS,
  INBOUND_STATUSES,
  INTERACTION_KINDS,
  INTERACTION_STATUSES,
  NOTIFICATION_STATUSES,
  REPLY_SOURCES,
  TICKET_EVENT_TYPES,
  TICKET_STATUSES,
  USER_EVENT_TYPES,
  WAIT_KINDS,
  USER_STATUSES,
  USER_TOKEN_PURPOSES,
  USER_TYPES,
} from "../enums";

/** Millisecond timestamps with the time zone, read as JS Dates (as SQLite's timestamp_ms columns are). */
const ms = { precision: 3, withTimezone: true, mode: "date" } as const;

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    /** The login handle (docs/roles-and-accounts.md#user-fields), unique regardless of case. */
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    /** Stored lower-case. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    userType: text("user_type", { enum: USER_TYPES }).notNull(),
    userStatus: text("user_status", { enum: USER_STATUSES }).notNull(),
    company: text("company"),
    phone: text("phone"),
    emailVerifiedAt: timestamp("email_verified_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
    lastActiveAt: timestamp("last_active_at", ms),
    /** Set when an admin deletes the user: the row stays so their tickets and history keep a name. */
    deletedAt: timestamp("deleted_at", ms),
    /** A deactivated customer can't sign in; their tickets and history stay (docs/crm.md#editing-and-deactivating). */
    deactivatedAt: timestamp("deactivated_at", ms),
    /** The last time mail to this address bounced (docs/email.md#loops-bounces-and-duplicates); cleared when it changes. */
    emailBouncedAt: timestamp("email_bounced_at", ms),
    /**
     * Bumped on password change, deletion and every change of role or standing (type, status,
     * deactivation: trigger users_standing_ends_sessions, 0008): every token issued before stops working.
     */
    sessionVersion: integer("session_version").notNull().default(1),
    /** Engineers: tickets assigned and OPEN or IN_PROGRESS. Kept by triggers on tickets (0002). */
    workingCount: integer("working_count").notNull().default(0),
    /** Engineers: when a ticket was last assigned to them (ties in auto-assignment). Trigger-kept. */
    lastAssignedAt: timestamp("last_assigned_at", ms),
  },
  (t) => [
    uniqueIndex("users_user_id_unique").on(sql`lower(${t.userId})`),
    uniqueIndex("users_email_unique").on(t.email),
    index("users_type_status_idx").on(t.userType, t.userStatus, t.id),
    index("users_status_idx").on(t.userStatus, t.id),
    index("users_company_idx").on(sql`lower(${t.company})`, t.id),
    // Auto-assignment reads the least-loaded approved engineer straight off this index.
    index("users_assignment_idx")
      .on(t.userType, t.userStatus, t.workingCount, t.lastAssignedAt, t.id)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const tickets = pgTable(
  "tickets",
  {
    /** Sequential and human-facing (#1042); the primary key, so lookups and sorts by age are free. */
    number: integer("number").primaryKey().generatedByDefaultAsIdentity(),
    /** Opaque public id (time-ordered), for clients that want one that can't be guessed in sequence. */
    id: text("id").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    ticketPriority: integer("ticket_priority").notNull().default(4),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("OPEN"),
    reporterId: integer("reporter_id")
      .notNull()
      .references(() => users.id),
    assigneeId: integer("assignee_id").references(() => users.id),
    category: text("category"),
    interactionId: integer("interaction_id"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", ms),
    resolvedAt: timestamp("resolved_at", ms),
    closedAt: timestamp("closed_at", ms),
    /** The first public reply by an engineer or admin: unlocks customer replies (docs/tickets.md#replies-and-internal-notes). */
    firstStaffReplyAt: timestamp("first_staff_reply_at", ms),
  },
  (t) => [
    uniqueIndex("tickets_id_unique").on(t.id),
    index("tickets_status_idx").on(t.status, t.number),
    index("tickets_assignee_idx").on(t.assigneeId, t.status, t.ticketPriority, t.number),
    index("tickets_reporter_idx").on(t.reporterId, t.number),
    index("tickets_priority_idx").on(t.ticketPriority, t.number),
    index("tickets_updated_idx").on(t.updatedAt, t.number),
    // Second columns: the overview reads its 30-day window index-only (lib/reports/overview.ts).
    index("tickets_created_idx").on(t.createdAt, t.firstStaffReplyAt),
    index("tickets_resolved_idx").on(t.resolvedAt, t.createdAt),
    // An engineer's resolved tickets in report order (lib/reports/resolved-tickets.ts): resolved
    // ones only, so creating a ticket writes neither.
    index("tickets_assignee_resolved_idx")
      .on(t.assigneeId, t.resolvedAt, t.number)
      .where(sql`${t.resolvedAt} is not null`),
    index("tickets_reporter_resolved_idx")
      .on(t.reporterId, t.resolvedAt, t.number)
      .where(sql`${t.resolvedAt} is not null`),
    index("tickets_interaction_idx")
      .on(t.interactionId)
      .where(sql`${t.interactionId} is not null`),
    index("tickets_pool_idx")
      .on(t.number)
      .where(sql`${t.assigneeId} is null and ${t.status} in ('OPEN', 'IN_PROGRESS', 'BLOCKED')`),
    // An engineer's queue (lib/tickets/list-tickets.ts, sort "queue"): their active tickets in queue
    // order, read in order instead of sorting all of them on each load. The expression and the
    // predicate are written exactly as the query writes them, so both planners match them.
    index("tickets_queue_idx")
      .on(
        t.assigneeId,
        sql`(case when ${t.status} = 'BLOCKED' then 10 else 0 end + ${t.ticketPriority})`,
        t.number,
      )
      .where(sql`${t.status} in ('OPEN', 'IN_PROGRESS', 'BLOCKED')`),
  ],
);

export const ticketReplies = pgTable(
  "ticket_replies",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ticketNumber: integer("ticket_number")
      .notNull()
      .references(() => tickets.number, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    /** An internal note: engineers and admins only, never shown to customers. */
    internal: boolean("internal").notNull().default(false),
    /** Written in the portal or the API, or taken from an email (docs/email.md#replies-by-email). */
    source: text("source", { enum: REPLY_SOURCES }).notNull().default("portal"),
    /**
     * A customer's email that arrived before any staff reply: kept in the conversation, marked
     * as an addition to the ticket, though the portal would not take a reply yet.
     */
    addition: boolean("addition").notNull().default(false),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [index("ticket_replies_ticket_idx").on(t.ticketNumber, t.id)],
);

export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ticketNumber: integer("ticket_number")
      .notNull()
      .references(() => tickets.number, { onDelete: "cascade" }),
    /** Null for the system (auto-assignment). */
    actorId: integer("actor_id").references(() => users.id),
    type: text("type", { enum: TICKET_EVENT_TYPES }).notNull(),
    field: text("field"),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    internal: boolean("internal").notNull().default(false),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketNumber, t.id)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ticketNumber: integer("ticket_number")
      .notNull()
      .references(() => tickets.number, { onDelete: "cascade" }),
    replyId: integer("reply_id").references(() => ticketReplies.id, { onDelete: "cascade" }),
    uploaderId: integer("uploader_id")
      .notNull()
      .references(() => users.id),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** File name under <data>/attachments/. */
    storageKey: text("storage_key").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [index("attachments_ticket_idx").on(t.ticketNumber, t.id)],
);

export type Ticket = typeof tickets.$inferSelect;
export type TicketReply = typeof ticketReplies.$inferSelect;
export type TicketEvent = typeof ticketEvents.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;

/** A named set of ticket-list filters, saved by one user (docs/tickets.md#saved-views). */
export const savedViews = pgTable(
  "saved_views",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The list's query string, without cursor. */
    query: text("query").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_views_user_name_unique").on(t.userId, t.name)],
);
export type SavedView = typeof savedViews.$inferSelect;

/**
 * The email outbox (docs/notifications.md#the-outbox). A row is written in the same transaction as the change that causes
 * it; the worker claims due rows by setting a lease, sends, and records the outcome. Rows made
 * from a template keep its name and data and are rendered by the worker; the rendered subject,
 * text and HTML are stored once sent. Rows posted to the notification API carry their content.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    requestId: text("request_id").notNull(),
    /** The template ("custom" for content given through the API). */
    template: text("template").notNull(),
    /** The template's props, JSON. */
    data: text("data").notNull().default("{}"),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    /** JSON array of addresses. */
    recipientEmails: text("recipient_emails").notNull(),
    /** Who asked: a userId, "system" or "service". */
    requester: text("requester").notNull(),
    ticketNumber: integer("ticket_number"),
    status: text("status", { enum: NOTIFICATION_STATUSES }).notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** When the row is next due (ms). */
    nextAttemptAt: timestamp("next_attempt_at", ms).notNull().defaultNow(),
    /** Set by a worker that claimed the row; another worker may take it only once this passes. */
    leaseUntil: timestamp("lease_until", ms),
    /** The claim's own random token: a worker acts on a row only while the token is still its own. */
    claimToken: text("claim_token"),
    sentAt: timestamp("sent_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notifications_request_id_unique").on(t.requestId),
    // The worker's claim reads due rows straight off this partial index.
    index("notifications_due_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'PENDING'`),
    index("notifications_status_idx").on(t.status, t.id),
    index("notifications_ticket_idx").on(t.ticketNumber, t.id),
  ],
);
export type Notification = typeof notifications.$inferSelect;

/** Single-use links sent by email (docs/roles-and-accounts.md#single-use-links). Only a SHA-256 of the token is kept. */
export const userTokens = pgTable(
  "user_tokens",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: USER_TOKEN_PURPOSES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The address the link was sent to: a verification only counts for the address it went to. */
    email: text("email").notNull(),
    expiresAt: timestamp("expires_at", ms).notNull(),
    usedAt: timestamp("used_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("user_tokens_hash_unique").on(t.tokenHash),
    index("user_tokens_user_idx").on(t.userId, t.purpose),
  ],
);

/**
 * Sessions ended by a sign-out (docs/roles-and-accounts.md#when-sessions-end): a session cookie carries a random id (sid), and a signed-out
 * id is refused until the cookie would have expired anyway, so a copied cookie is dead at once.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sid: text("sid").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", ms).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

/** Meetings, calls, tasks and follow-ups between staff and a customer (docs/crm.md#interactions). */
export const interactions = pgTable(
  "interactions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    kind: text("kind", { enum: INTERACTION_KINDS }).notNull(),
    title: text("title").notNull(),
    notes: text("notes"),
    scheduledAt: timestamp("scheduled_at", ms).notNull(),
    status: text("status", { enum: INTERACTION_STATUSES }).notNull().default("PLANNED"),
    /** The engineer or admin who owns it. */
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    customerId: integer("customer_id")
      .notNull()
      .references(() => users.id),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => users.id),
    completedAt: timestamp("completed_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // The agenda: planned ones by time (overdue first falls out of the order).
    index("interactions_agenda_idx").on(t.status, t.scheduledAt, t.id),
    index("interactions_customer_idx").on(t.customerId, t.scheduledAt, t.id),
    index("interactions_owner_idx").on(t.ownerId, t.status, t.scheduledAt, t.id),
  ],
);
export type Interaction = typeof interactions.$inferSelect;

export const userEvents = pgTable(
  "user_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Null for the system. */
    actorId: integer("actor_id").references(() => users.id),
    type: text("type", { enum: USER_EVENT_TYPES }).notNull(),
    field: text("field"),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [index("user_events_user_idx").on(t.userId, t.id)],
);
export type UserEvent = typeof userEvents.$inferSelect;

/**
 * Every email that came in, and what became of it (docs/email.md#the-inbound-log). The unique
 * Message-ID makes one message delivered twice (fetched again, or by both ways in) one row; the
 * raw message is kept in the file store so an admin can retry a quarantined one.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    /** The Message-ID without its angle brackets, or `sha256:…` of the message when it has none. */
    messageId: text("message_id").notNull(),
    channel: text("channel", { enum: INBOUND_CHANNELS }).notNull(),
    /** The mailbox it was fetched from (IMAP), or null. */
    mailboxId: integer("mailbox_id"),
    fromAddress: text("from_address"),
    subject: text("subject"),
    size: integer("size").notNull(),
    /** Key of the raw message in the file store; null once discarded. */
    rawKey: text("raw_key"),
    status: text("status", { enum: INBOUND_STATUSES }).notNull().default("RECEIVED"),
    /** Why it was refused, ignored or quarantined; how it was threaded. */
    reason: text("reason"),
    ticketNumber: integer("ticket_number"),
    replyId: integer("reply_id"),
    attempts: integer("attempts").notNull().default(0),
    receivedAt: timestamp("received_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbound_messages_message_id_unique").on(t.messageId),
    index("inbound_messages_status_idx").on(t.status, t.id),
    index("inbound_messages_ticket_idx").on(t.ticketNumber, t.id),
    index("inbound_messages_sender_idx").on(t.fromAddress, t.receivedAt),
  ],
);
export type InboundMessage = typeof inboundMessages.$inferSelect;

/**
 * IMAP mailboxes Caseline reads (docs/email.md#mailboxes): added by admins, or the one
 * INBOUND_IMAP_URL names (kind "env", its URL never stored). One instance at a time reads a
 * mailbox: it holds the lease, as outbox workers do.
 */
export const mailboxes = pgTable(
  "mailboxes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    /** "env" for INBOUND_IMAP_URL; "admin" for one added in the admin screen. */
    kind: text("kind", { enum: ["env", "admin"] }).notNull(),
    /** The imap(s):// URL with its password, sealed with AUTH_SECRET; null for "env". */
    sealedUrl: text("sealed_url"),
    /** What is done with a message once taken: marked seen, or moved to this folder. */
    moveTo: text("move_to"),
    enabled: boolean("enabled").notNull().default(true),
    leaseUntil: timestamp("lease_until", ms),
    claimToken: text("claim_token"),
    lastCheckedAt: timestamp("last_checked_at", ms),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mailboxes_name_unique").on(t.name)],
);
export type Mailbox = typeof mailboxes.$inferSelect;

/** The overview's rollups, kept by triggers (db/sqlite/schema.ts has the why; migration 0005). */
export const ticketDays = pgTable(
  "ticket_days",
  {
    day: integer("day").notNull(),
    created: integer("created").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    firstReplyChanges: integer("first_reply_changes").notNull().default(0),
    resolutionChanges: integer("resolution_changes").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day] })],
);

export const ticketWaits = pgTable(
  "ticket_waits",
  {
    kind: text("kind", { enum: WAIT_KINDS }).notNull(),
    day: integer("day").notNull(),
    bucket: integer("bucket").notNull(),
    tickets: integer("tickets").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.day, t.bucket] })],
);

/** Active tickets by status and assignee (0: nobody), kept by triggers (migration 0006). */
export const ticketCounts = pgTable(
  "ticket_counts",
  {
    status: text("status", { enum: TICKET_STATUSES }).notNull(),
    assignee: integer("assignee").notNull(),
    tickets: integer("tickets").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.status, t.assignee] })],
);

/**
 * Users by role and standing, the deleted left out, kept by triggers (db/sqlite/schema.ts has the
 * why; migration 0006).
 */
export const userCounts = pgTable(
  "user_counts",
  {
    userType: text("user_type", { enum: USER_TYPES }).notNull(),
    userStatus: text("user_status", { enum: USER_STATUSES }).notNull(),
    users: integer("users").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userType, t.userStatus] })],
);
