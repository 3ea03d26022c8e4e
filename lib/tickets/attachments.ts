import { and, asc, eq, inArray } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getDb } from "@/db/client";
import { attachments, ticketReplies } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError, invalid, notFound } from "@/lib/errors";
import { recordEvent } from "./record-event";
import { findVisibleTicket, isStaff } from "./visibility";

/** What arrived in a request, before it is checked and stored. */
export type IncomingFile = { name: string; type: string; bytes: Uint8Array };

export type PublicAttachment = {
  id: number;
  replyId: number | null;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  createdAt: string;
};

export const MAX_FILES_PER_REPLY = 5;

/** Images, PDFs and text (SPEC §3), each recognised by its first bytes, not only its name. */
const KINDS: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: "image/png", test: (b) => hex(b, 4) === "89504e47" },
  { type: "image/jpeg", test: (b) => hex(b, 3) === "ffd8ff" },
  { type: "image/gif", test: (b) => ascii(b, 0, 4) === "GIF8" },
  { type: "image/webp", test: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
  { type: "application/pdf", test: (b) => ascii(b, 0, 5) === "%PDF-" },
  { type: "text/plain", test: isText },
];
const hex = (b: Uint8Array, n: number) => Buffer.from(b.subarray(0, n)).toString("hex");
const ascii = (b: Uint8Array, from: number, to: number) =>
  Buffer.from(b.subarray(from, to)).toString("latin1");
function isText(b: Uint8Array) {
  if (b.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

export const ACCEPTED_TYPES =
  "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,.txt,.log,.csv";

const safeName = (name: string) =>
  (name.replace(/[\\/\u0000-\u001f"<>|:*?]/g, "_").trim() || "file").slice(0, 120);

/** Checks count, size and kind of every file; a bad one refuses the whole request (nothing stored). */
export function checkFiles(files: IncomingFile[]): (IncomingFile & { kind: string })[] {
  if (files.length > MAX_FILES_PER_REPLY) {
    throw invalid(`Attach at most ${MAX_FILES_PER_REPLY} files at once`, {
      files: [`At most ${MAX_FILES_PER_REPLY} files`],
    });
  }
  const limit = env().ATTACHMENT_MAX_BYTES;
  return files.map((file) => {
    if (file.bytes.byteLength > limit) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `${file.name} is larger than the ${Math.round(limit / 1_048_576)} MiB limit`,
      );
    }
    if (file.bytes.byteLength === 0)
      throw invalid(`${file.name} is empty`, { files: [`${file.name} is empty`] });
    const kind = KINDS.find((k) => k.test(file.bytes));
    if (!kind) {
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `${file.name}: attach images (PNG, JPEG, GIF, WebP), PDFs or plain text`,
      );
    }
    return { ...file, name: safeName(file.name), kind: kind.type };
  });
}

const directory = () => path.join(env().DATA_DIR, "attachments");

/** Writes checked files to disk under random names; the caller records them or removes them. */
export function storeFiles(files: (IncomingFile & { kind: string })[]) {
  mkdirSync(directory(), { recursive: true });
  return files.map((file) => {
    const storageKey = randomBytes(18).toString("base64url");
    writeFileSync(path.join(directory(), storageKey), file.bytes, { flag: "wx" });
    return { ...file, storageKey };
  });
}

export function removeStoredFiles(keys: string[]) {
  for (const key of keys) rmSync(path.join(directory(), key), { force: true });
}

/** Inside the caller's transaction: one row and one history event per file. */
export function recordAttachments(
  actor: Actor,
  ticketNumber: number,
  replyId: number | null,
  stored: ReturnType<typeof storeFiles>,
  internal: boolean,
) {
  for (const file of stored) {
    getDb()
      .insert(attachments)
      .values({
        ticketNumber,
        replyId,
        uploaderId: actor.id,
        filename: file.name,
        contentType: file.kind,
        size: file.bytes.byteLength,
        storageKey: file.storageKey,
      })
      .run();
    recordEvent({
      ticketNumber,
      actorId: actor.id,
      type: "attachment",
      newValue: file.name,
      internal,
    });
  }
}

const toPublic = (a: typeof attachments.$inferSelect): PublicAttachment => ({
  id: a.id,
  replyId: a.replyId,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  url: `/api/v1/attachments/${a.id}`,
  createdAt: a.createdAt.toISOString(),
});

/** A ticket's attachments; those on internal notes only for staff. */
export function listAttachments(actor: Actor, ref: string): PublicAttachment[] {
  const ticket = findVisibleTicket(actor, ref);
  const rows = getDb()
    .select({ attachment: attachments, internal: ticketReplies.internal })
    .from(attachments)
    .leftJoin(ticketReplies, eq(ticketReplies.id, attachments.replyId))
    .where(eq(attachments.ticketNumber, ticket.number))
    .orderBy(asc(attachments.id))
    .all();
  return rows.filter((r) => isStaff(actor) || !r.internal).map((r) => toPublic(r.attachment));
}

/** One attachment for download, only for someone who may see its ticket (and its note); else 404. */
export function openAttachment(actor: Actor, id: number) {
  const row = getDb()
    .select({ attachment: attachments, internal: ticketReplies.internal })
    .from(attachments)
    .leftJoin(ticketReplies, eq(ticketReplies.id, attachments.replyId))
    .where(eq(attachments.id, id))
    .get();
  if (!row || (row.internal && !isStaff(actor))) throw notFound("No such attachment");
  findVisibleTicket(actor, String(row.attachment.ticketNumber)); // 404 when the ticket is not theirs
  return { ...toPublic(row.attachment), path: path.join(directory(), row.attachment.storageKey) };
}

/** Storage keys of a ticket's files, to remove from disk once the ticket is deleted. */
export function attachmentKeys(ticketNumbers: number[]) {
  return getDb()
    .select({ key: attachments.storageKey })
    .from(attachments)
    .where(and(inArray(attachments.ticketNumber, ticketNumbers)))
    .all()
    .map((r) => r.key);
}
