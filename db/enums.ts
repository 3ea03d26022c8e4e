/**
 * Every enumerated value the database stores, in one leaf module that imports nothing: both
 * engines' schemas, the zod validation in lib/validation/ and the domain all read these, and
 * browser code may import them too (docs/tickets.md#statuses, docs/roles-and-accounts.md#roles-and-statuses).
 */

export const USER_TYPES = ["CUSTOMER", "ENGINEER", "ADMIN"] as const;
export type UserType = (typeof USER_TYPES)[number];
export const USER_STATUSES = ["APPROVED", "PENDING", "REJECTED"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const TICKET_STATUSES = ["OPEN", "IN_PROGRESS", "BLOCKED", "RESOLVED", "CLOSED"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Active: still needs work. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ["OPEN", "IN_PROGRESS", "BLOCKED"];
/** Working: counts towards an engineer's load for auto-assignment. */
export const WORKING_STATUSES: readonly TicketStatus[] = ["OPEN", "IN_PROGRESS"];

/** 1 is the most urgent. */
export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_EVENT_TYPES = [
  "created",
  "assigned",
  "accepted",
  "status",
  "priority",
  "reply",
  "note",
  "attachment",
  "edit",
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export const NOTIFICATION_STATUSES = ["PENDING", "SENT", "FAILED"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const USER_TOKEN_PURPOSES = ["verify-email", "reset-password", "invite"] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

export const INTERACTION_KINDS = ["MEETING", "CALL", "TASK", "FOLLOW_UP"] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const INTERACTION_STATUSES = ["PLANNED", "DONE", "CANCELLED"] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

/** A customer's account history for the CRM: edits, deactivation, import, invitation. */
export const USER_EVENT_TYPES = [
  "created",
  "imported",
  "invited",
  "edited",
  "deactivated",
  "reactivated",
] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

/** Where a reply came from: written in the portal (or the API), or taken from an email. */
export const REPLY_SOURCES = ["portal", "email"] as const;
export type ReplySource = (typeof REPLY_SOURCES)[number];

/** How an email reached Caseline (docs/email.md#two-ways-in). */
export const INBOUND_CHANNELS = ["imap", "smtp"] as const;
export type InboundChannel = (typeof INBOUND_CHANNELS)[number];

/**
 * What became of an incoming email (docs/email.md#the-inbound-log): RECEIVED while it is being
 * handled; CREATED a ticket; THREADED into one as a reply; IGNORED (an auto-reply, a bounce, our
 * own mail); REFUSED (a sender who may not raise tickets by email); QUARANTINED (could not be
 * handled: kept with its reason for an admin to retry or discard); DISCARDED by an admin.
 */
export const INBOUND_STATUSES = [
  "RECEIVED",
  "CREATED",
  "THREADED",
  "IGNORED",
  "REFUSED",
  "QUARANTINED",
  "DISCARDED",
] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/**
 * Row ids and ticket numbers are 32-bit integers on both engines: anything larger names nothing
 * (and PostgreSQL would refuse to compare it with an integer column).
 */
export const MAX_ROW_ID = 2_147_483_647;

/** The waits the overview takes medians of (db/rollups.ts, docs/reports.md#the-admin-overview). */
export const WAIT_KINDS = ["first_reply", "resolution"] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];
