import { z } from "zod";
import { INBOUND_STATUSES } from "@/db/enums";
import { imapUrlProblem } from "./imap-url";
import { boolish, emptyAsUndefined, pageQuery } from "./common";

/** GET /inbound-messages (docs/email.md#the-inbound-log): newest first, by status and ticket. */
export const listInboundQuery = pageQuery.extend({
  status: emptyAsUndefined(z.enum(INBOUND_STATUSES)),
  ticket: emptyAsUndefined(z.coerce.number().int().positive()),
});
export type ListInboundQuery = z.infer<typeof listInboundQuery>;

const imapUrl = z
  .string({ error: "Give the mailbox's address" })
  .trim()
  .min(1, "Give the mailbox's address")
  .max(2000, "Use at most 2,000 characters")
  .superRefine((v, ctx) => {
    const problem = imapUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: `The address ${problem}` });
  });

const mailboxName = z
  .string({ error: "Give the mailbox a name" })
  .trim()
  .min(1, "Give the mailbox a name")
  .max(80, "Use at most 80 characters");

const folder = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters")
  .nullable()
  .transform((v) => v || null);

/** POST /mailboxes (docs/email.md#mailboxes). */
export const createMailboxSchema = z.object({
  name: mailboxName,
  url: imapUrl,
  moveTo: folder.optional(),
  enabled: boolish.default(true),
});
export type CreateMailboxInput = z.infer<typeof createMailboxSchema>;

/** PATCH /mailboxes/:id: what is given changes; a URL left out keeps the stored one (and its password). */
export const updateMailboxSchema = z
  .object({
    name: mailboxName.optional(),
    url: imapUrl.optional(),
    moveTo: folder.optional(),
    enabled: boolish.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Give at least one of name, url, moveTo, enabled",
  });
export type UpdateMailboxInput = z.infer<typeof updateMailboxSchema>;

/** POST /mailboxes/test: try an address before saving it. */
export const testMailboxSchema = z.object({ url: imapUrl });
