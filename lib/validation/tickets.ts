import { z } from "zod";
import { PRIORITIES, TICKET_STATUSES } from "@/lib/tickets/statuses";
import { boolish, emptyAsUndefined, optionalText, pageQuery } from "./common";
import { userIdField } from "./users";

export const titleField = z
  .string({ error: "Enter a title" })
  .trim()
  .min(1, "Enter a title")
  .max(200, "Use at most 200 characters");
export const descriptionField = z
  .string({ error: "Describe the problem" })
  .trim()
  .min(1, "Describe the problem")
  .max(10_000, "Use at most 10,000 characters");
export const priorityField = z.coerce
  .number({ error: "Choose a priority from 1 (extreme) to 4 (low)" })
  .int("Choose a priority from 1 (extreme) to 4 (low)")
  .refine(
    (n) => (PRIORITIES as readonly number[]).includes(n),
    "Choose a priority from 1 (extreme) to 4 (low)",
  );
export const statusField = z.enum(TICKET_STATUSES, {
  error: "Choose OPEN, IN_PROGRESS, BLOCKED, RESOLVED or CLOSED",
});

export const createTicketSchema = z.object({
  title: titleField,
  description: descriptionField,
  /** Admins only (docs/tickets.md#priorities); anyone else sending it gets 400. */
  ticketPriority: emptyAsUndefined(priorityField),
  category: optionalText(60),
  /** Staff raising a ticket on a customer's behalf: the customer's userId. */
  reporter: emptyAsUndefined(userIdField),
  /** The CRM interaction it comes from (staff); the reporter defaults to its customer. */
  interactionId: emptyAsUndefined(z.coerce.number().int().positive()),
});
export type CreateTicketInput = z.infer<typeof createTicketSchema>;

/** Raising a ticket from a CRM interaction (the interaction is required). */
export const raiseTicketSchema = createTicketSchema.extend({
  interactionId: z.coerce.number().int().positive(),
});

export const updateTicketSchema = z
  .strictObject({
    title: titleField.optional(),
    description: descriptionField.optional(),
    ticketPriority: priorityField.optional(),
    status: statusField.optional(),
    /** The assignee's userId; null returns the ticket to the unassigned pool. */
    assignee: userIdField.nullable().optional(),
    category: optionalText(60),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Send at least one field to change",
  });
export type UpdateTicketInput = z.infer<typeof updateTicketSchema>;

/** The fields an admin sets on many tickets at once (docs/tickets.md#bulk-changes). */
export const BULK_FIELDS = ["status", "ticketPriority", "assignee"] as const;

/** Bulk changes: up to 100 ticket numbers, one field and its value ("none" as assignee: the pool). */
export const bulkUpdateSchema = z.object({
  numbers: z
    .array(z.coerce.number().int().positive())
    .min(1, "Select at least one ticket")
    .max(100),
  field: z.enum(BULK_FIELDS),
  value: z.string().max(40),
});
export type BulkUpdateInput = z.infer<typeof bulkUpdateSchema>;

/** A reply's or note's Markdown source, trimmed (docs/tickets.md#replies-and-internal-notes). */
export const REPLY_MAX_LENGTH = 10_000;

export const replySchema = z.object({
  body: z
    .string({ error: "Write a reply" })
    .trim()
    .min(1, "Write a reply")
    .max(REPLY_MAX_LENGTH, "Use at most 10,000 characters"),
  internal: boolish.default(false),
});
export type ReplyInput = z.infer<typeof replySchema>;

/**
 * The composer's preview (POST /render/markdown): the same trimming and limit as a reply, so the
 * preview shows exactly what sending would store. Empty is allowed (it previews as nothing).
 */
export const markdownPreviewSchema = z.strictObject({
  source: z
    .string({ error: "Send the Markdown to preview as source, a string" })
    .trim()
    .max(REPLY_MAX_LENGTH, "Use at most 10,000 characters"),
});

const day = z.iso.date("Use a date as YYYY-MM-DD").or(z.iso.datetime({ offset: true }));

export const TICKET_SORTS = ["created", "updated", "priority", "queue"] as const;

export const listTicketsQuery = pageQuery.extend({
  /** One status or several, comma-separated. */
  status: emptyAsUndefined(
    z
      .string()
      .transform((v) => v.split(",").map((s) => s.trim().toUpperCase()))
      .pipe(z.array(statusField).min(1)),
  ),
  active: emptyAsUndefined(boolish),
  ticketPriority: emptyAsUndefined(priorityField),
  /** A userId, or "none" for unassigned. */
  assignee: emptyAsUndefined(z.union([z.literal("none"), userIdField])),
  reporter: emptyAsUndefined(userIdField),
  unassigned: emptyAsUndefined(boolish),
  createdFrom: emptyAsUndefined(day),
  createdTo: emptyAsUndefined(day),
  resolvedFrom: emptyAsUndefined(day),
  resolvedTo: emptyAsUndefined(day),
  q: emptyAsUndefined(z.string().trim().max(200)),
  sort: emptyAsUndefined(z.enum(TICKET_SORTS)).default("created"),
  order: emptyAsUndefined(z.enum(["asc", "desc"])),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;
