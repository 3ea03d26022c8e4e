/**
 * The tables the domain queries, for the engine this process runs on (db/engine-kind.ts). Both
 * engines declare the same tables with the same columns and the same TypeScript row types
 * (db/sqlite/schema.ts, db/postgres/schema.ts; tests/unit/schema-parity.test.ts holds them
 * equal). The domain is typed against the PostgreSQL declarations and written with the part of
 * Drizzle's query builder both dialects share (docs/operations.md#two-engines).
 */
import { ENGINE } from "./engine-kind";
import * as postgres from "./postgres/schema";
import * as sqlite from "./sqlite/schema";

export * from "./enums";

const active = (ENGINE === "postgres" ? postgres : sqlite) as unknown as typeof postgres;

export const {
  users,
  tickets,
  ticketReplies,
  ticketEvents,
  attachments,
  savedViews,
  notifications,
  userTokens,
  revokedSessions,
  interactions,
  userEvents,
  inboundMessages,
  mailboxes,
  ticketDays,
  ticketWaits,
  ticketCounts,
  userCounts,
} = active;

export type Schema = typeof postgres;
export type User = typeof postgres.users.$inferSelect;
export type NewUser = typeof postgres.users.$inferInsert;
export type Ticket = typeof postgres.tickets.$inferSelect;
export type TicketReply = typeof postgres.ticketReplies.$inferSelect;
export type TicketEvent = typeof postgres.ticketEvents.$inferSelect;
export type Attachment = typeof postgres.attachments.$inferSelect;
export type SavedView = typeof postgres.savedViews.$inferSelect;
export type Notification = typeof postgres.notifications.$inferSelect;
export type Interaction = typeof postgres.interactions.$inferSelect;
export type UserEvent = typeof postgres.userEvents.$inferSelect;
export type InboundMessage = typeof postgres.inboundMessages.$inferSelect;
export type Mailbox = typeof postgres.mailboxes.$inferSelect;
