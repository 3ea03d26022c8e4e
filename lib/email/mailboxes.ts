import { asc, eq } from "drizzle-orm";
import { isUniqueViolation } from "@/db/dialect";
import { getDb, writeTransaction } from "@/db/client";
import { mailboxes, type Mailbox } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { conflict, invalid, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { seal } from "@/lib/notifications/secret-links";
import type { CreateMailboxInput, UpdateMailboxInput } from "@/lib/validation/email";
import { describeImapUrl, testImapConnection } from "./imap-reader";
import {
  ENV_MAILBOX_NAME,
  MAILBOX_AAD,
  inboundStatusOfThisProcess,
  mailboxUrl,
  refreshReaders,
} from "./inbound";

/**
 * The IMAP mailboxes Caseline reads (docs/email.md#mailboxes): INBOUND_IMAP_URL's, which only the
 * environment changes, and those admins add here. A URL's password is sealed with AUTH_SECRET and
 * never shown again: screens and the API see the address without it.
 */

export type MailboxView = {
  id: number;
  name: string;
  kind: Mailbox["kind"];
  /** imaps://user@host:993/INBOX, without the password. */
  address: string | null;
  moveTo: string | null;
  enabled: boolean;
  /** Some instance holds the lease and reads it now. */
  reading: boolean;
  lastCheckedAt: string | null;
  lastError: string | null;
  createdAt: string;
};

function addressOf(row: Mailbox) {
  try {
    const url = mailboxUrl(row);
    return url ? describeImapUrl(url) : null;
  } catch {
    // Sealed with another AUTH_SECRET: it can't be read until its URL is given again.
    return null;
  }
}

function toView(row: Mailbox): MailboxView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    address: addressOf(row),
    moveTo: row.moveTo,
    enabled: row.enabled,
    reading: row.enabled && !!row.leaseUntil && row.leaseUntil.getTime() > Date.now(),
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError:
      row.lastError ??
      (row.enabled && row.kind === "admin" && !addressOf(row)
        ? "The stored address can't be read (AUTH_SECRET changed): give the address again"
        : null),
    createdAt: row.createdAt.toISOString(),
  };
}

async function findMailbox(id: number) {
  const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, id)).limit(1);
  if (!row) throw notFound("No such mailbox");
  return row;
}

/** The env mailbox shows only while INBOUND_IMAP_URL is set; its row outlives it (for the log's names). */
export async function listMailboxes(actor: Actor): Promise<MailboxView[]> {
  requireRole(actor, "ADMIN");
  const rows = await getDb().select().from(mailboxes).orderBy(asc(mailboxes.id));
  return rows.filter((r) => r.kind === "admin" || env().INBOUND_IMAP_URL).map(toView);
}

export async function getMailbox(actor: Actor, id: number) {
  requireRole(actor, "ADMIN");
  return toView(await findMailbox(id));
}

const takenName = () =>
  conflict("A mailbox has this name already", { name: ["A mailbox has this name already"] });

function reservedName(name: string) {
  if (name === ENV_MAILBOX_NAME) {
    throw invalid("This name is kept for INBOUND_IMAP_URL's mailbox", {
      name: [`"${ENV_MAILBOX_NAME}" is kept for the mailbox the environment names`],
    });
  }
}

export async function createMailbox(actor: Actor, input: CreateMailboxInput) {
  requireRole(actor, "ADMIN");
  reservedName(input.name);
  try {
    const [row] = await writeTransaction(
      async () =>
        await getDb()
          .insert(mailboxes)
          .values({
            name: input.name,
            kind: "admin",
            sealedUrl: seal(input.url, MAILBOX_AAD),
            moveTo: input.moveTo ?? null,
            enabled: input.enabled,
          })
          .returning(),
    );
    await refreshReaders();
    return toView(row!);
  } catch (error) {
    if (isUniqueViolation(error)) throw takenName();
    throw error;
  }
}

export async function updateMailbox(actor: Actor, id: number, input: UpdateMailboxInput) {
  requireRole(actor, "ADMIN");
  const row = await findMailbox(id);
  if (row.kind === "env" && (input.name !== undefined || input.url !== undefined)) {
    throw conflict(
      "This mailbox comes from INBOUND_IMAP_URL: change its address in the environment",
    );
  }
  if (input.name !== undefined) reservedName(input.name);
  const urlChanged = input.url !== undefined;
  try {
    const [updated] = await writeTransaction(
      async () =>
        await getDb()
          .update(mailboxes)
          .set({
            name: input.name,
            sealedUrl: urlChanged ? seal(input.url!, MAILBOX_AAD) : undefined,
            moveTo: input.moveTo,
            enabled: input.enabled,
            // A new address starts with a clean slate: its old error was about the old one.
            lastError: urlChanged ? null : undefined,
            updatedAt: new Date(),
          })
          .where(eq(mailboxes.id, id))
          .returning(),
    );
    if (!updated) throw notFound("No such mailbox");
    await refreshReaders();
    return toView(updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw takenName();
    throw error;
  }
}

/** Stops reading it; what it brought in stays in the log and the tickets. */
export async function deleteMailbox(actor: Actor, id: number) {
  requireRole(actor, "ADMIN");
  const row = await findMailbox(id);
  if (row.kind === "env") {
    throw conflict("This mailbox comes from INBOUND_IMAP_URL: unset it in the environment");
  }
  await writeTransaction(async () => await getDb().delete(mailboxes).where(eq(mailboxes.id, id)));
  await refreshReaders();
  return row.name;
}

export type ConnectionTest =
  { ok: true; message: string; unseen: number; total: number } | { ok: false; message: string };

function describeTest(result: Awaited<ReturnType<typeof testImapConnection>>): ConnectionTest {
  if (!result.ok) return { ok: false, message: `Could not read the mailbox: ${result.error}` };
  return {
    ...result,
    message: `Connected: ${result.total} message${result.total === 1 ? "" : "s"} in the folder, ${result.unseen} unread`,
  };
}

/** "Test connection" for an address not saved yet. */
export async function testMailboxUrl(actor: Actor, url: string) {
  requireRole(actor, "ADMIN");
  return describeTest(await testImapConnection(url));
}

/** "Test connection" for a saved mailbox, with its stored password. */
export async function testMailbox(actor: Actor, id: number) {
  requireRole(actor, "ADMIN");
  const row = await findMailbox(id);
  let url: string | null;
  try {
    url = mailboxUrl(row);
  } catch {
    url = null;
  }
  if (!url) {
    return {
      ok: false,
      message: "The stored address can't be read (AUTH_SECRET changed): give the address again",
    } satisfies ConnectionTest;
  }
  return describeTest(await testImapConnection(url));
}

export type InboundStatusView = {
  supportEmail: string | null;
  smtp: {
    /** INBOUND_SMTP_PORT is set. */
    configured: boolean;
    host: string;
    port: number | null;
    /** This instance's receiver is accepting connections. */
    listening: boolean;
    /** Messages this instance's receiver took (since it started). */
    received: number;
    /** Recipients or messages it refused (not for the support address, too large). */
    refused: number;
    startedAt: string | null;
    lastError: string | null;
  };
  /** Whether this instance reads mailboxes (INBOUND_WORKER). */
  readsMailboxes: boolean;
  mailboxes: MailboxView[];
};

/** The admin screen's status: the receiver as this instance runs it, and every mailbox. */
export async function inboundStatus(actor: Actor): Promise<InboundStatusView> {
  requireRole(actor, "ADMIN");
  const e = env();
  const here = inboundStatusOfThisProcess();
  return {
    supportEmail: e.SUPPORT_EMAIL ?? null,
    smtp: {
      configured: e.INBOUND_SMTP_PORT !== undefined,
      host: here.smtp?.host ?? e.INBOUND_SMTP_HOST,
      port: here.smtp?.port ?? e.INBOUND_SMTP_PORT ?? null,
      listening: here.smtp?.listening ?? false,
      received: here.smtp?.received ?? 0,
      refused: here.smtp?.refused ?? 0,
      startedAt: here.smtp?.startedAt ?? null,
      lastError: here.smtp?.lastError ?? null,
    },
    readsMailboxes: e.INBOUND_WORKER,
    mailboxes: await listMailboxes(actor),
  };
}
