import { z } from "zod";
import { INTERACTION_KINDS, INTERACTION_STATUSES } from "@/db/schema";
import { boolish, emptyAsUndefined, optionalText, pageQuery } from "./common";
import { companyField, emailField, nameField, phoneField, userIdField } from "./users";

export const listCustomersQuery = pageQuery.extend({
  q: emptyAsUndefined(z.string().trim().max(200)),
  company: emptyAsUndefined(z.string().trim().max(120)),
  status: emptyAsUndefined(z.enum(["active", "deactivated"])),
  /** Customers with at least one OPEN, IN_PROGRESS or BLOCKED ticket (or none, with false). */
  hasActiveTickets: emptyAsUndefined(boolish),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

/** An admin adds a customer by hand; they are emailed an invitation to choose a password. */
export const createCustomerSchema = z.object({
  userId: emptyAsUndefined(userIdField),
  name: nameField,
  email: emailField,
  company: companyField,
  phone: phoneField,
});
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export const updateCustomerSchema = z
  .strictObject({
    name: nameField.optional(),
    email: emailField.optional(),
    company: companyField,
    phone: phoneField,
    /** false deactivates (no sign-in, tickets stay); true turns the account back on. */
    active: boolish.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Send at least one field to change",
  });
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;

const when = z.iso.datetime({
  offset: true,
  error: "Give a date and time, e.g. 2026-12-01T14:30:00Z",
});

export const interactionKindField = z.enum(INTERACTION_KINDS, {
  error: "Choose MEETING, CALL, TASK or FOLLOW_UP",
});

export const createInteractionSchema = z.object({
  kind: interactionKindField,
  title: z.string({ error: "Give a title" }).trim().min(1, "Give a title").max(200),
  notes: optionalText(5000),
  scheduledAt: when,
  /** The customer's userId. */
  customer: userIdField,
  /** The engineer or admin who owns it (default: whoever creates it; only admins pick another). */
  owner: emptyAsUndefined(userIdField),
});
export type CreateInteractionInput = z.infer<typeof createInteractionSchema>;

export const updateInteractionSchema = z
  .strictObject({
    kind: interactionKindField.optional(),
    title: z.string().trim().min(1, "Give a title").max(200).optional(),
    notes: optionalText(5000),
    scheduledAt: when.optional(),
    owner: userIdField.optional(),
    status: z.enum(INTERACTION_STATUSES).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Send at least one field to change",
  });
export type UpdateInteractionInput = z.infer<typeof updateInteractionSchema>;

export const listInteractionsQuery = pageQuery.extend({
  status: emptyAsUndefined(z.enum(INTERACTION_STATUSES)),
  kind: emptyAsUndefined(interactionKindField),
  /** A userId, or "me". */
  owner: emptyAsUndefined(z.union([z.literal("me"), userIdField])),
  customer: emptyAsUndefined(userIdField),
  from: emptyAsUndefined(when.or(z.iso.date())),
  to: emptyAsUndefined(when.or(z.iso.date())),
  /** The agenda: planned ones, soonest first (overdue at the top); otherwise newest first. */
  view: emptyAsUndefined(z.enum(["agenda", "all"])).default("all"),
});
export type ListInteractionsQuery = z.infer<typeof listInteractionsQuery>;
