import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
// Next ships busboy for its own form parsing; a streaming parser, so no file is held in memory.
import busboy from "next/dist/compiled/busboy";
import { env } from "@/lib/env";
import { AppError, invalid, rateLimited } from "@/lib/errors";
import { createSniffer, MAX_FILES_PER_REPLY, type IncomingFile } from "@/lib/tickets/attachments";

/** Uploads one user may have in flight at once, and the whole server. */
export const MAX_UPLOADS_PER_USER = 2;
export const MAX_UPLOADS_TOTAL = 8;

const inFlight = new Map<string, number>();
let total = 0;

/**
 * Takes an upload slot for `who` (429 past the per-user limit and past the server's), released
 * by the returned function. Keeps a handful of users from holding many large bodies at once.
 */
export function takeUploadSlot(who: string): () => void {
  const mine = inFlight.get(who) ?? 0;
  if (mine >= MAX_UPLOADS_PER_USER) {
    throw rateLimited(
      `You have ${mine} uploads in progress; wait for them to finish and try again`,
      5,
    );
  }
  if (total >= MAX_UPLOADS_TOTAL) {
    throw rateLimited("The server is busy with other uploads; try again shortly", 10);
  }
  inFlight.set(who, mine + 1);
  total += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    total -= 1;
    const left = (inFlight.get(who) ?? 1) - 1;
    if (left > 0) inFlight.set(who, left);
    else inFlight.delete(who);
  };
}

import { uploadTempDir } from "@/lib/files/store";

export { uploadTempDir };

const tooLarge = (message: string) => new AppError("PAYLOAD_TOO_LARGE", message);
const mib = (bytes: number) => `${Math.round(bytes / 1_048_576)} MiB`;

/**
 * Reads a multipart/form-data body as it arrives: string fields into memory (capped at
 * MAX_BODY_BYTES), each file straight into a temp file under the data directory, counting bytes
 * and sniffing its kind on the way. Stops reading at once (and removes what it wrote) when a file
 * passes ATTACHMENT_MAX_BYTES, there are more than MAX_FILES_PER_REPLY files, or the body passes
 * the total cap. The caller moves the temp files into place or calls `removeIncoming`.
 */
export async function readMultipartToDisk(
  req: Request,
): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const e = env();
  const fileCap = e.ATTACHMENT_MAX_BYTES;
  const totalCap = fileCap * MAX_FILES_PER_REPLY + e.MAX_BODY_BYTES;
  if (Number(req.headers.get("content-length") ?? "0") > totalCap) {
    throw tooLarge(`The body is larger than the ${mib(totalCap)} limit`);
  }
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  if (!req.body) return { fields, files };

  let parser: ReturnType<typeof busboy>;
  try {
    parser = busboy({
      headers: { "content-type": req.headers.get("content-type") ?? "" },
      limits: {
        fileSize: fileCap,
        files: MAX_FILES_PER_REPLY,
        fieldSize: e.MAX_BODY_BYTES,
        fields: 20,
      },
    });
  } catch {
    throw invalid("The multipart body could not be read", { _: ["Malformed multipart body"] });
  }
  const dir = uploadTempDir();
  mkdirSync(dir, { recursive: true });

  const source = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
  let failure: AppError | undefined;
  let finish!: () => void;
  const parsed = new Promise<void>((resolve) => (finish = resolve));
  const active = new Set<Readable>();
  // Stops reading at once: nothing more is pulled from the client, half-written files end.
  // (The parser itself is left alone: busboy throws if destroyed in the middle of a part.)
  const fail = (error: AppError) => {
    if (failure) return;
    failure = error;
    source.unpipe();
    source.destroy();
    for (const stream of active) stream.destroy(error);
    finish();
  };
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.byteLength;
      if (received > totalCap) {
        fail(tooLarge(`The body is larger than the ${mib(totalCap)} limit`));
        return done();
      }
      done(null, chunk);
    },
  });
  const writes: Promise<void>[] = [];

  parser.on("field", (name: string, value: string, info: { valueTruncated: boolean }) => {
    if (info.valueTruncated) fail(tooLarge(`The field ${name} is larger than the body limit`));
    else fields[name] = value;
  });
  parser.on("filesLimit", () =>
    fail(
      invalid(`Attach at most ${MAX_FILES_PER_REPLY} files at once`, {
        files: [`At most ${MAX_FILES_PER_REPLY} files`],
      }),
    ),
  );
  parser.on(
    "file",
    (_field: string, stream: Readable, info: { filename?: string; mimeType: string }) => {
      const name = info.filename ?? "";
      if (!name && failure === undefined) {
        stream.resume(); // an empty file input sends a part without a name
        return;
      }
      const file: IncomingFile = {
        name,
        type: info.mimeType,
        path: path.join(dir, randomBytes(18).toString("base64url")),
        size: 0,
        kind: null,
      };
      files.push(file);
      active.add(stream);
      stream.once("close", () => active.delete(stream));
      const sniffer = createSniffer();
      stream.on("limit", () =>
        fail(tooLarge(`${name || "A file"} is larger than the ${mib(fileCap)} limit`)),
      );
      const sniff = new Transform({
        transform(chunk: Buffer, _enc, done) {
          file.size += chunk.byteLength;
          sniffer.push(chunk);
          done(null, chunk);
        },
        flush(done) {
          file.kind = sniffer.kind();
          done();
        },
      });
      writes.push(
        pipeline(stream, sniff, createWriteStream(file.path, { flags: "wx" })).catch(() => {
          fail(invalid("The upload was interrupted", { files: ["Incomplete upload"] }));
        }),
      );
    },
  );

  parser.once("close", () => finish());
  parser.once("error", () =>
    fail(invalid("The multipart body could not be read", { _: ["Malformed multipart body"] })),
  );
  source.once("error", () =>
    fail(invalid("The request body could not be read", { _: ["Incomplete body"] })),
  );
  source.pipe(counter).pipe(parser);
  await parsed;
  await Promise.all(writes);
  if (failure) {
    removeIncoming(files);
    throw failure;
  }
  return { fields, files };
}

/** Removes temp files that were not moved into place (rm of a moved file does nothing). */
export function removeIncoming(files: IncomingFile[]) {
  for (const file of files) rmSync(file.path, { force: true });
}
