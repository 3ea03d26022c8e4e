import { asc, eq, inArray } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { getDb } from "@/db/client";
import { attachments, ticketReplies } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError, invalid, notFound } from "@/lib/errors";
import { fileStore } from "@/lib/files/store";
import { recordEvent } from "./record-event";
import { findVisibleTicket, isStaff } from "./visibility";

/**
 * What arrived in a request, before it is checked and stored: written to a temp file as it was
 * read (lib/http/multipart-upload.ts), with its size and the kind sniffed from its bytes.
 */
export type IncomingFile = {
  name: string;
  type: string;
  /** The temp file; moved into place by storeFiles, removed otherwise. */
  path: string;
  size: number;
  /** The detected type (see KINDS), or null when it is none of the accepted kinds. */
  kind: string | null;
};

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

/** Images, PDFs and text (docs/tickets.md#attachments), each recognised by its first bytes, not only its name. */
const KINDS: { type: string; test: (b: Uint8Array) => boolean; extensions: string[] }[] = [
  { type: "image/png", test: (b) => hex(b, 4) === "89504e47", extensions: [".png"] },
  { type: "image/jpeg", test: (b) => hex(b, 3) === "ffd8ff", extensions: [".jpg", ".jpeg"] },
  { type: "image/gif", test: (b) => ascii(b, 0, 4) === "GIF8", extensions: [".gif"] },
  {
    type: "image/webp",
    test: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
    extensions: [".webp"],
  },
  { type: "application/pdf", test: (b) => ascii(b, 0, 5) === "%PDF-", extensions: [".pdf"] },
];
const TEXT_EXTENSIONS = [".txt", ".log", ".csv", ".md"];
const hex = (b: Uint8Array, n: number) => Buffer.from(b.subarray(0, n)).toString("hex");
const ascii = (b: Uint8Array, from: number, to: number) =>
  Buffer.from(b.subarray(from, to)).toString("latin1");

/**
 * Tells a file's kind from its bytes as they stream past: the first bytes decide the binary
 * kinds; otherwise it is text if every byte so far was valid UTF-8 without a NUL.
 */
export function createSniffer() {
  const head: Buffer[] = [];
  let headSize = 0;
  let text = true;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return {
    push(chunk: Uint8Array) {
      if (headSize < 16) {
        head.push(Buffer.from(chunk.subarray(0, 16 - headSize)));
        headSize += Math.min(chunk.byteLength, 16 - headSize);
      }
      if (!text) return;
      if (chunk.includes(0)) text = false;
      else {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          text = false;
        }
      }
    },
    kind(): string | null {
      const first = Buffer.concat(head);
      const binary = KINDS.find((k) => k.test(first));
      if (binary) return binary.type;
      if (!text) return null;
      try {
        decoder.decode(); // an unfinished sequence at the very end is not text
        return "text/plain";
      } catch {
        return null;
      }
    },
  };
}

/**
 * The stored name's extension agrees with the detected kind, so nothing is saved or served under
 * a name that says something else: `invoice.hta` holding text is `invoice.hta.txt`, a PNG named
 * `photo` is `photo.png`.
 */
export function nameForKind(name: string, kind: string) {
  const allowed = KINDS.find((k) => k.type === kind)?.extensions ?? TEXT_EXTENSIONS;
  const ext = path.extname(name).toLowerCase();
  if (allowed.includes(ext)) return name;
  return `${name.slice(0, 120 - allowed[0].length)}${allowed[0]}`;
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
    if (file.size > limit) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `${file.name} is larger than the ${Math.round(limit / 1_048_576)} MiB limit`,
      );
    }
    if (file.size === 0)
      throw invalid(`${file.name} is empty`, { files: [`${file.name} is empty`] });
    if (!file.kind) {
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `${file.name}: attach images (PNG, JPEG, GIF, WebP), PDFs or plain text`,
      );
    }
    return { ...file, name: nameForKind(safeName(file.name), file.kind), kind: file.kind };
  });
}

/**
 * Puts checked files in the configured store (lib/files/store.ts: the data directory or a
 * bucket) under random keys. Store work never happens inside a transaction: call this before
 * it, and removeStoredFiles if it fails (after its rollback). A store that doesn't answer is a
 * 503 here, before anything is written to the database.
 */
export async function storeFiles(files: (IncomingFile & { kind: string })[]) {
  if (files.length === 0) return [];
  const store = fileStore();
  const stored: (IncomingFile & { kind: string; storageKey: string })[] = [];
  let storageKey = "";
  try {
    for (const file of files) {
      storageKey = randomBytes(18).toString("base64url");
      await store.put(storageKey, file.path, { size: file.size, contentType: file.kind });
      stored.push({ ...file, storageKey });
    }
  } catch (error) {
    // Nothing half-stored: the files already in place go again, and so does the one that failed
    // (a bucket may have kept it though its answer was lost).
    await removeStoredFiles([...stored.map((f) => f.storageKey), storageKey]);
    throw error;
  }
  return stored;
}

/**
 * Removes stored files: after the transaction that dropped their rows committed, or rolled back.
 * Never throws: what happened in the database stands, and a file the store couldn't remove is
 * logged by key (docs/tickets.md#where-files-are-kept).
 */
export async function removeStoredFiles(keys: string[]) {
  if (keys.length === 0) return;
  try {
    await fileStore().remove(keys);
  } catch (error) {
    console.error(
      `[caseline] attachments left in storage, to remove by hand: ${keys.join(" ")} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export type StoredFile = Awaited<ReturnType<typeof storeFiles>>[number];

/** Inside the caller's transaction: one row and one history event per file (no file I/O). */
export async function recordAttachments(
  actor: Actor,
  ticketNumber: number,
  replyId: number | null,
  stored: StoredFile[],
  internal: boolean,
) {
  for (const file of stored) {
    await getDb().insert(attachments).values({
      ticketNumber,
      replyId,
      uploaderId: actor.id,
      filename: file.name,
      contentType: file.kind,
      size: file.size,
      storageKey: file.storageKey,
    });
    await recordEvent({
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
export async function listAttachments(actor: Actor, ref: string): Promise<PublicAttachment[]> {
  const ticket = await findVisibleTicket(actor, ref);
  const rows = await getDb()
    .select({ attachment: attachments, internal: ticketReplies.internal })
    .from(attachments)
    .leftJoin(ticketReplies, eq(ticketReplies.id, attachments.replyId))
    .where(eq(attachments.ticketNumber, ticket.number))
    .orderBy(asc(attachments.id));
  return rows.filter((r) => isStaff(actor) || !r.internal).map((r) => toPublic(r.attachment));
}

/**
 * One attachment for download, only for someone who may see its ticket (and its note); else 404.
 * The bytes come as a stream the caller must read to the end or destroy.
 */
export async function openAttachment(actor: Actor, id: number) {
  const [row] = await getDb()
    .select({ attachment: attachments, internal: ticketReplies.internal })
    .from(attachments)
    .leftJoin(ticketReplies, eq(ticketReplies.id, attachments.replyId))
    .where(eq(attachments.id, id))
    .limit(1);
  if (!row || (row.internal && !isStaff(actor))) throw notFound("No such attachment");
  // 404 when the ticket is not theirs.
  await findVisibleTicket(actor, String(row.attachment.ticketNumber));
  const stored = await fileStore().open(row.attachment.storageKey);
  if (!stored) throw notFound("The file is no longer stored");
  return { ...toPublic(row.attachment), ...stored };
}

/** Storage keys of tickets' files, to remove from the store once the tickets are deleted. */
export async function attachmentKeys(ticketNumbers: number[]): Promise<string[]> {
  const rows = await getDb()
    .select({ key: attachments.storageKey })
    .from(attachments)
    .where(inArray(attachments.ticketNumber, ticketNumbers));
  return rows.map((r) => r.key);
}
